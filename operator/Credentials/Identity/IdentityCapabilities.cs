namespace Operator.Credentials.Identity;

/// <summary>
/// What a cloud identity can be turned into, as a provider offers it and a target needs it. A capability names its
/// issuer because a token is only good where its issuer is trusted: a Google access token and an Entra access token
/// are both "access tokens", but no target accepts one for the other. <see cref="ProviderTargetMatrix"/> pairs
/// providers with targets through these flags alone.
/// </summary>
[Flags]
internal enum IdentityCapabilities
{
    None = 0,

    /// <summary>Temporary AWS credentials (<see cref="Aws.IAwsCredentials"/>): SigV4 proofs, or the credentials themselves.</summary>
    AwsCredentials = 1 << 0,

    /// <summary>A Google OAuth access token for scopes (<see cref="IAccessTokenSource"/>).</summary>
    GoogleAccessToken = 1 << 1,

    /// <summary>A Google-signed ID token for an audience (<see cref="IIdTokenSource"/>).</summary>
    GoogleIdToken = 1 << 2,

    /// <summary>An Entra ID access token for a scope (<see cref="IAccessTokenSource"/>).</summary>
    EntraAccessToken = 1 << 3,

    /// <summary>A Kubernetes ServiceAccount token for an audience (<see cref="IIdTokenSource"/>), with no cloud involved.</summary>
    KubernetesToken = 1 << 4,
}
