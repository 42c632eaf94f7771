namespace Operator.Credentials.Identity.Aws.PodIdentity;

/// <summary>
/// An EKS Pod Identity exchange: a token for <see cref="TokenAudience"/> sent to EKS Auth for <paramref name="ClusterName"/>.
/// The role is the association's, so none is named here.
/// </summary>
/// <param name="Region">The spec's region, for <c>AWS_REGION</c> and regional STS proofs (not the cluster's).</param>
/// <param name="EksAuth">The EKS Auth endpoint, the rate-limit key.</param>
internal sealed record PodIdentityRequest(string ClusterName, string? Region, Uri EksAuth) : IdentityRequest(PodIdentityRequest.TokenAudience)
{
    /// <summary>The audience EKS Auth accepts (the Pod Identity agent's projected token's).</summary>
    public const string TokenAudience = "pods.eks.amazonaws.com";

    public override string Endpoint => EksAuth.Authority;

    public override string Fingerprint => $"aws-pod-identity|{ClusterName}|{Region}|{EksAuth}";
}
