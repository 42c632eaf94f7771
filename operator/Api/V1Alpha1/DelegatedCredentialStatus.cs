using System.Text.Json.Serialization;
using k8s.Models;

namespace Operator.Api.V1Alpha1;

/// <summary>What the operator observed and did. Never holds a credential.</summary>
public sealed record DelegatedCredentialStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }

    [JsonPropertyName("conditions")]
    public IReadOnlyList<V1Condition>? Conditions { get; init; }

    /// <summary>The provider's key in the spec ("aws", "gcp", "azure", "none"), for the printer column.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>The target's key in the spec ("datadog", "http", ...), for the printer column.</summary>
    [JsonPropertyName("target")]
    public string? Target { get; init; }

    [JsonPropertyName("secretName")]
    public string? SecretName { get; init; }

    /// <summary>Who the cloud says the credential belongs to (an ARN, an email, an object ID).</summary>
    [JsonPropertyName("identity")]
    public string? Identity { get; init; }

    [JsonPropertyName("issuedAt")]
    public DateTimeOffset? IssuedAt { get; init; }

    [JsonPropertyName("expiresAt")]
    public DateTimeOffset? ExpiresAt { get; init; }

    [JsonPropertyName("refreshAt")]
    public DateTimeOffset? RefreshAt { get; init; }

    /// <summary>Consecutive failed exchanges since the last success.</summary>
    [JsonPropertyName("failures")]
    public int? Failures { get; init; }
}
