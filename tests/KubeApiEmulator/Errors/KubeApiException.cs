using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Errors;

/// <summary>A request failure carrying the exact Status body kube-apiserver would send.</summary>
internal sealed class KubeApiException(int code, JsonObject status, int retryAfterSeconds = 0)
    : Exception(status["message"]?.GetValue<string>())
{
    public int Code { get; } = code;

    public JsonObject Status { get; } = status;

    /// <summary>When positive, also sent as the Retry-After header (S1).</summary>
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
