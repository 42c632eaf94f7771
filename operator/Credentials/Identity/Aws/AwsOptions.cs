namespace Operator.Credentials.Identity.Aws;

internal sealed class AwsOptions
{
    /// <summary>Replaces every STS endpoint (global and regional), e.g. a VPC endpoint, FIPS, or an emulator.</summary>
    public Uri? StsEndpoint { get; set; }

    /// <summary>EKS Pod Identity (<c>spec.provider.aws.mode: podIdentity</c>): the cluster and the operator's own AWS identity.</summary>
    public PodIdentity.PodIdentityOptions PodIdentity { get; set; } = new();
}
