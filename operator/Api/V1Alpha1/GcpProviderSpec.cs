using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>GCP workload identity federation, optionally impersonating a Google service account.</summary>
public sealed record GcpProviderSpec
{
    /// <summary>`//iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/X`.</summary>
    [JsonPropertyName("workloadIdentityProvider")]
    public string WorkloadIdentityProvider { get; init; } = "";

    /// <summary>Null means: the ServiceAccount's iam.gke.io/gcp-service-account annotation, else no impersonation.</summary>
    [JsonPropertyName("serviceAccountEmail")]
    public string? ServiceAccountEmail { get; init; }

    /// <summary>Null means `https:` + <see cref="WorkloadIdentityProvider"/>.</summary>
    [JsonPropertyName("audience")]
    public string? Audience { get; init; }
}
