using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>What the cloud identity is exchanged for: exactly one member is set (the CRD enforces it).</summary>
public sealed record TargetSpec
{
    [JsonPropertyName("awsCredentials")]
    public AwsCredentialsTargetSpec? AwsCredentials { get; init; }

    [JsonPropertyName("datadog")]
    public DatadogTargetSpec? Datadog { get; init; }

    [JsonPropertyName("singlestore")]
    public SingleStoreTargetSpec? SingleStore { get; init; }

    [JsonPropertyName("http")]
    public HttpTargetSpec? Http { get; init; }

    [JsonPropertyName("gcpAccessToken")]
    public GcpAccessTokenTargetSpec? GcpAccessToken { get; init; }

    [JsonPropertyName("gcpIdToken")]
    public GcpIdTokenTargetSpec? GcpIdToken { get; init; }

    [JsonPropertyName("azureAccessToken")]
    public AzureAccessTokenTargetSpec? AzureAccessToken { get; init; }

    [JsonPropertyName("serviceAccountToken")]
    public ServiceAccountTokenTargetSpec? ServiceAccountToken { get; init; }

    /// <summary>The key that is set, as status.target shows it; null when none is.</summary>
    [JsonIgnore]
    public string? Name =>
        AwsCredentials is not null ? "awsCredentials"
        : Datadog is not null ? "datadog"
        : SingleStore is not null ? "singlestore"
        : Http is not null ? "http"
        : GcpAccessToken is not null ? "gcpAccessToken"
        : GcpIdToken is not null ? "gcpIdToken"
        : AzureAccessToken is not null ? "azureAccessToken"
        : ServiceAccountToken is not null ? "serviceAccountToken"
        : null;
}
