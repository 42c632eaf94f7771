using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.EksAuth;

/// <summary>What one successful AssumeRoleForPodIdentity issued, and for which association and caller.</summary>
internal sealed record PodIdentityGrant(IssuedCredential Credential, PodIdentityAssociation Association, string CallerArn);
