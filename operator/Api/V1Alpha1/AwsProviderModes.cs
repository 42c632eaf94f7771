namespace Operator.Api.V1Alpha1;

/// <summary>The values of <c>spec.provider.aws.mode</c>.</summary>
public static class AwsProviderModes
{
    /// <summary>IAM roles for service accounts: STS AssumeRoleWithWebIdentity (the default when mode is unset).</summary>
    public const string Irsa = "irsa";

    /// <summary>EKS Pod Identity: EKS Auth AssumeRoleForPodIdentity for the operator's configured cluster.</summary>
    public const string PodIdentity = "podIdentity";
}
