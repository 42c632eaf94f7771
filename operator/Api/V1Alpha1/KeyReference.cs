using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>One key of a ConfigMap or Secret in the DelegatedCredential's namespace.</summary>
public sealed record KeyReference
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("key")]
    public string Key { get; init; } = "";
}
