using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>What to exchange, for whom, and where to write the result.</summary>
/// <remarks>
/// Durations stay the strings the user wrote (Go syntax, validated by the CRD); read them with
/// Operator.Credentials.CredentialLifetime, which reports a bad value as InvalidSpec naming the field.
/// </remarks>
public sealed record DelegatedCredentialSpec
{
    /// <summary>The requested lifetime when spec.ttl is absent (the CRD's schema default).</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(1);

    [JsonPropertyName("serviceAccountName")]
    public string ServiceAccountName { get; init; } = "";

    /// <summary>Absent only for targets that send the ServiceAccount's own token.</summary>
    [JsonPropertyName("provider")]
    public ProviderSpec? Provider { get; init; }

    [JsonPropertyName("target")]
    public TargetSpec Target { get; init; } = new();

    [JsonPropertyName("ttl")]
    public string? Ttl { get; init; }

    [JsonPropertyName("refreshBefore")]
    public string? RefreshBefore { get; init; }

    [JsonPropertyName("secret")]
    public SecretSpec? Secret { get; init; }

    [JsonPropertyName("restartOnRotation")]
    public IReadOnlyList<WorkloadReference>? RestartOnRotation { get; init; }

    [JsonPropertyName("suspend")]
    public bool? Suspend { get; init; }
}
