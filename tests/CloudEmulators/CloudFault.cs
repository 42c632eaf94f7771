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
}
