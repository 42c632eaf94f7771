namespace Operator.Credentials.Identity.Gcp;

/// <summary>The ServiceAccount annotation GKE workload identity reads (docs/protocols.md §4.4).</summary>
internal static class GkeAnnotations
{
    /// <summary>The Google service account a pod running as this ServiceAccount impersonates.</summary>
    public const string ServiceAccount = "iam.gke.io/gcp-service-account";
}
