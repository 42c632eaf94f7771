namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// An IAM OIDC identity provider: tokens whose <c>iss</c> is <see cref="Issuer"/> and whose <c>aud</c> is one of
/// <see cref="ClientIds"/> may be exchanged. Its discovery document and JWKS are fetched over HTTPS.
/// </summary>
internal sealed record OidcProviderRegistration(Uri Issuer, IReadOnlyList<string> ClientIds)
{
    /// <summary>IAM names a provider by its issuer without the scheme: <c>oidc-provider/host/path</c>.</summary>
    public string ArnIn(string account) =>
        $"arn:aws:iam::{account}:oidc-provider/{Issuer.Authority}{Issuer.AbsolutePath.TrimEnd('/')}";

    /// <summary>The issuer as it must appear, byte for byte, in a token's <c>iss</c>.</summary>
    public string IssuerText => Issuer.ToString().TrimEnd('/');
}
