using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>An Entra ID access token for a scope.</summary>
public sealed record AzureAccessTokenTargetSpec
{
    public const string DefaultScope = "https://management.azure.com/.default";

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
}
