using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity.Aws.PodIdentity;

/// <summary>The one EKS Auth call Pod Identity needs; a seam so the provider's rules are tested without HTTP.</summary>
internal interface IAssumeRoleForPodIdentity
{
    /// <summary>The configured cluster; the provider refuses podIdentity objects while this is disabled.</summary>
    PodIdentityOptions Options { get; }

    Task<Attempt<CloudIdentity>> AssumeAsync(PodIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken);
}
