using System.Net;
using k8s.Autorest;

namespace Operator.Runtime;

/// <summary>
/// Reads the API server's answer out of the two ways the client reports it: a failed request is an
/// <see cref="HttpOperationException"/>, an ERROR watch event a <see cref="k8s.KubernetesException"/>.
/// </summary>
internal static class ApiErrors
{
    public static HttpStatusCode? StatusOf(Exception exception) => exception switch
    {
        HttpOperationException { Response: not null } http => http.Response.StatusCode,
        k8s.KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    /// <summary>410 Gone: the resource version or continue token is too old; only a fresh LIST helps.</summary>
    public static bool IsExpired(Exception exception) => StatusOf(exception) == HttpStatusCode.Gone;

    /// <summary>409 Conflict: someone else wrote first; re-read and try again, which is routine.</summary>
    public static bool IsConflict(Exception exception) => StatusOf(exception) == HttpStatusCode.Conflict;

    public static bool IsNotFound(Exception exception) => StatusOf(exception) == HttpStatusCode.NotFound;

    /// <summary>
    /// An error the API server, or the way to it, gives now and then (409, 429, 5xx, a timeout, a dropped connection): retried
    /// with backoff and worth one warning line, not a stack trace. Anything else may be a bug and keeps its stack trace.
    /// </summary>
    public static bool IsExpected(Exception exception) => exception switch
    {
        HttpOperationException or k8s.KubernetesException => StatusOf(exception) is { } status && (int)status is 409 or 429 or >= 500,
        HttpRequestException or IOException or TimeoutException => true,
        // HttpClient.Timeout surfaces as a TaskCanceledException wrapping a TimeoutException.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>One line for a log: the status (<c>429 TooManyRequests</c>), or the exception's type and message.</summary>
    public static string Describe(Exception exception) => StatusOf(exception) is { } status
        ? $"{(int)status} {status}"
        : $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";

    /// <summary>The server's Retry-After (seconds) on a 429 or 503, if it sent one.</summary>
    public static TimeSpan? RetryAfter(Exception exception)
    {
        if (exception is not HttpOperationException { Response: { } response })
        {
            return null;
        }

        var values = response.Headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value;
        return int.TryParse(values?.FirstOrDefault(), out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
