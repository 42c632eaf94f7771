using Microsoft.AspNetCore.Http;

namespace Operator.Testing.Clouds;

/// <summary>
/// What to do to one request instead of (or before) serving it: wait <see cref="Delay"/>, then, when
/// <see cref="Respond"/> is set, answer with it and skip the real handler.
/// </summary>
internal sealed record CloudFault(TimeSpan Delay, Func<HttpContext, Task>? Respond)
{
    /// <summary>Answers with a bare status code (and an optional plain-text body).</summary>
    public static CloudFault Status(int statusCode, string? body = null) => new(TimeSpan.Zero, async context =>
    {
        context.Response.StatusCode = statusCode;
        if (body is not null)
        {
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
    });

    /// <summary>
    /// Answers with <paramref name="statusCode"/> (429, 503, ...) and a <c>Retry-After</c> header in whole seconds
    /// (rounded up, at least 1), as a throttling or overloaded service does.
    /// </summary>
    public static CloudFault Throttled(int statusCode, TimeSpan retryAfter, string? body = null) => new(TimeSpan.Zero, async context =>
    {
        context.Response.StatusCode = statusCode;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (body is not null)
        {
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
    });

    /// <summary>Serves the request normally, only later.</summary>
    public static CloudFault Slow(TimeSpan delay) => new(delay, null);

    /// <summary>
    /// Answers with a chunked body (no Content-Length) of <paramref name="bytes"/> bytes of JSON-ish padding, written in
    /// 64 KiB chunks, flushed one by one; stops early when the client goes away.
    /// </summary>
    public static CloudFault HugeChunkedBody(int statusCode, long bytes, string contentType = "application/json") => new(TimeSpan.Zero, async context =>
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        for (var written = 0L; written < bytes && !context.RequestAborted.IsCancellationRequested; written += chunk.Length)
        {
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - written)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    });

    /// <summary>
    /// Answers at once with headers and <paramref name="head"/>, then trickles <paramref name="chunks"/> single spaces, one
    /// every <paramref name="every"/> (on <paramref name="time"/>, the system clock by default), then <paramref name="tail"/>:
    /// a body that keeps arriving, too slowly.
    /// </summary>
    public static CloudFault TricklingBody(int statusCode, string head, int chunks, TimeSpan every, string tail,
        TimeProvider? time = null) => new(TimeSpan.Zero, async context =>
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(head, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        for (var i = 0; i < chunks; i++)
        {
            await Task.Delay(every, time ?? TimeProvider.System, context.RequestAborted);
            await context.Response.WriteAsync(" ", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync(tail, context.RequestAborted);
    });
}
