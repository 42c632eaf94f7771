using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A response field copied into the Secret under <see cref="Key"/>.</summary>
public sealed record HttpExtraKey
{
    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    [JsonPropertyName("path")]
    public string Path { get; init; } = "";
}
