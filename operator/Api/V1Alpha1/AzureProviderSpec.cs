using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>Azure workload identity: the ServiceAccount's token is a client assertion to Entra ID.</summary>
public sealed record AzureProviderSpec
{
    public const string DefaultAuthorityHost = "https://login.microsoftonline.com/";
    public const string DefaultAudience = "api://AzureADTokenExchange";

    /// <summary>Null means: the ServiceAccount's azure.workload.identity/tenant-id annotation.</summary>
    [JsonPropertyName("tenantId")]
    public string? TenantId { get; init; }

    /// <summary>Null means: the ServiceAccount's azure.workload.identity/client-id annotation.</summary>
    [JsonPropertyName("clientId")]
    public string? ClientId { get; init; }

    [JsonPropertyName("authorityHost")]
    public string? AuthorityHost { get; init; }

    [JsonPropertyName("audience")]
    public string? Audience { get; init; }
}
