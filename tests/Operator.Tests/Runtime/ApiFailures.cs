using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Tests.Runtime;

/// <summary>The exceptions KubernetesClient raises for API errors, built the way the client builds them.</summary>
internal static class ApiFailures
{
    public static HttpOperationException Http(HttpStatusCode status, int? retryAfterSeconds = null)
    {
        var response = new HttpResponseMessage(status);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new HttpOperationException($"Operation returned an invalid status code '{status}'")
        {
            Response = new HttpResponseMessageWrapper(response, ""),
        };
    }

    /// <summary>What the watcher hands to onError for an ERROR event with a 410 Expired status.</summary>
    public static KubernetesException ExpiredEvent() =>
        new(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version: 1 (5)" });
}
