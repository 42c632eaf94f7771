using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;

namespace Operator.Testing.KubeApi.Http;

/// <summary>Writes bodies the way kube-apiserver does: compact JSON, `Warning: 299` headers, Status errors (S1).</summary>
internal static class KubeResponses
{
    public static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body, IEnumerable<string>? warnings = null)
    {
        foreach (var warning in warnings ?? [])
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString(KubeJson.Options)), context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, KubeApiException error)
    {
        if (error.RetryAfterSeconds > 0)
        {
            context.Response.Headers.RetryAfter = error.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        return WriteJsonAsync(context, error.Code, error.Status);
    }

    /// <summary>The Go mux's answer for paths nothing serves (P3): plain text, not a Status.</summary>
    public static Task WritePageNotFoundAsync(HttpContext context) =>
        WriteTextAsync(context, 404, "404 page not found\n");

    public static async Task WriteTextAsync(HttpContext context, int code, string text)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
