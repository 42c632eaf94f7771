using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>The cloud the ServiceAccount is federated to: exactly one member is set (the CRD enforces it).</summary>
public sealed record ProviderSpec
{
    [JsonPropertyName("aws")]
    public AwsProviderSpec? Aws { get; init; }

    [JsonPropertyName("gcp")]
    public GcpProviderSpec? Gcp { get; init; }

    [JsonPropertyName("azure")]
    public AzureProviderSpec? Azure { get; init; }

    /// <summary>The key that is set ("aws", "gcp", "azure"), as status.provider shows it; null when none is.</summary>
    [JsonIgnore]
    public string? Name => Aws is not null ? "aws" : Gcp is not null ? "gcp" : Azure is not null ? "azure" : null;
}
