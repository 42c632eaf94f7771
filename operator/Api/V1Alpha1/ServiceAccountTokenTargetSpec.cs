using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>
/// A TokenRequest token of the ServiceAccount itself, for use outside the cluster. Its lifetime is
/// spec.ttl (one place to say how long a credential lives), so this target has no expirationSeconds.
/// </summary>
public sealed record ServiceAccountTokenTargetSpec
{
    [JsonPropertyName("audience")]
    public string Audience { get; init; } = "";
}
