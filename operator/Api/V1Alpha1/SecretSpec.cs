using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>The Secret the credential is written to; null members take the defaults named in the CRD.</summary>
public sealed record SecretSpec
{
    public const string DefaultType = "Opaque";

    /// <summary>Null means the DelegatedCredential's own name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
