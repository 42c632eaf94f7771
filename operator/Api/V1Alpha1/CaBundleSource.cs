using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>Where PEM certificates for an endpoint's TLS are read: exactly one member is set.</summary>
public sealed record CaBundleSource
{
    [JsonPropertyName("configMapKeyRef")]
    public KeyReference? ConfigMapKeyRef { get; init; }

    [JsonPropertyName("secretKeyRef")]
    public KeyReference? SecretKeyRef { get; init; }
}
