using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity.Aws;

/// <summary>The one STS call IRSA needs; a seam so the provider's rules are tested without HTTP.</summary>
internal interface IAssumeRoleWithWebIdentity
{
    Task<Attempt<CloudIdentity>> AssumeAsync(AwsIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken);
}
