namespace Operator.Credentials.Identity.Aws.PodIdentity;

/// <summary>
/// <c>Operator:Aws:PodIdentity</c>: the EKS cluster whose Pod Identity associations serve <c>spec.provider.aws.mode: podIdentity</c>,
/// and the operator's own AWS identity that calls EKS Auth for it.
/// </summary>
internal sealed class PodIdentityOptions
{
    /// <summary>The EKS cluster's name; unset: objects in podIdentity mode get InvalidSpec.</summary>
    public string? ClusterName { get; set; }

    /// <summary>The cluster's region: the EKS Auth endpoint <c>https://eks-auth.{region}.api.aws</c> and the SigV4 signing region.</summary>
    public string? Region { get; set; }

    /// <summary>Replaces the EKS Auth endpoint (a VPC endpoint, an emulator); still signed for <see cref="Region"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// A shared-credentials file holding the operator's own AWS identity (e.g. a mounted Secret); unset: the AWS SDK's
    /// default credential chain (environment, the operator pod's own IRSA or Pod Identity, instance profile).
    /// </summary>
    public string? CredentialsFile { get; set; }

    /// <summary>The profile of <see cref="CredentialsFile"/>; default <c>default</c>.</summary>
    public string? Profile { get; set; }

    /// <summary>Whether a cluster is configured.</summary>
    public bool Enabled => !string.IsNullOrEmpty(ClusterName);

    /// <summary>The endpoint the calls go to: <see cref="Endpoint"/>, else the region's.</summary>
    public Uri BaseAddress => Endpoint ?? new Uri($"https://eks-auth.{Region}.api.aws/");
}
