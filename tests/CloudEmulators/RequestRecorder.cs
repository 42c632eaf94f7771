using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Operator.Testing.Clouds;

/// <summary>
/// An emulator that serves every path and method with <c>200 {}</c> and records what it received (method, path,
/// headers, body): the second host of redirect tests, which must receive nothing. Its <see cref="Faults"/> answer
/// instead when queued, e.g. a redirect to another host.
/// </summary>
internal sealed class RequestRecorder(TimeProvider? time = null) : ICloudEmulator
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public CloudFaults Faults { get; } = new(time ?? TimeProvider.System);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void MapRoutes(IEndpointRouteBuilder routes) =>
        routes.Map("/{**path}", () => Results.Json(new { }));

    public async Task OnRequestAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
    }

    /// <summary>A fault answering with <paramref name="status"/> and a Location header.</summary>
    public static CloudFault Redirect(int status, Uri location) => new(TimeSpan.Zero, context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location.ToString();
        return Task.CompletedTask;
    });
}

/// <summary>One request a <see cref="RequestRecorder"/> received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
