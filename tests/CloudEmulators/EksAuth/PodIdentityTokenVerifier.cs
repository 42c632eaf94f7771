using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.EksAuth;

/// <summary>
/// Verifies the ServiceAccount token sent to AssumeRoleForPodIdentity as EKS Auth does for its cluster: a well-formed
/// JWT, issued by the cluster's own ServiceAccount issuer, signed by a key of that issuer's JWKS (fetched over HTTPS
/// through the STS emulator's key cache), for the audience <c>pods.eks.amazonaws.com</c>, within its lifetime, and
/// naming a ServiceAccount (<c>system:serviceaccount:NS:NAME</c>).
/// </summary>
internal sealed class PodIdentityTokenVerifier(OidcKeyCache keys, TimeProvider time)
{
    public const string Audience = "pods.eks.amazonaws.com";

    private static readonly string[] s_algorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <returns>The ServiceAccount's namespace and name.</returns>
    public async Task<(string Namespace, string ServiceAccount)> VerifyAsync(string token, Uri clusterIssuer, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw Invalid("The token is not a valid JWT.");
        }

        var issuer = clusterIssuer.ToString().TrimEnd('/');
        if (!string.Equals(jwt.Issuer.TrimEnd('/'), issuer, StringComparison.Ordinal))
        {
            throw Invalid("The token was not issued by the cluster's service account issuer.");
        }

        if (!s_algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            throw Invalid("The token's signing algorithm is not supported.");
        }

        SecurityKey? key;
        try
        {
            key = await keys.FindKeyAsync(issuer, jwt.Kid, cancellationToken);
        }
        catch (StsErrorException)
        {
            throw Invalid("The cluster's signing keys could not be retrieved.");
        }

        if (key is null)
        {
            throw Invalid("No key of the cluster's JWKS matches the token's kid.");
        }

        if (!await JwtSignature.VerifiesAsync(token, key, s_algorithms))
        {
            throw Invalid("The token's signature could not be verified.");
        }

        if (!jwt.Audiences.Contains(Audience, StringComparer.Ordinal))
        {
            throw Invalid($"The token's audience must be {Audience}.");
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            throw Invalid("The token has no exp claim.");
        }

        var now = time.GetUtcNow();
        if (now > DateTimeOffset.FromUnixTimeSeconds(exp) + ClockSkew)
        {
            throw new EksAuthErrorException(EksAuthError.ExpiredToken("The service account token has expired."));
        }

        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) > now + ClockSkew)
        {
            throw Invalid("The token is not yet valid.");
        }

        var parts = jwt.Subject?.Split(':') ?? [];
        if (parts is not ["system", "serviceaccount", { Length: > 0 } ns, { Length: > 0 } name])
        {
            throw Invalid("The token's subject is not a service account.");
        }

        return (ns, name);
    }

    private static EksAuthErrorException Invalid(string message) => new(EksAuthError.InvalidToken(message));
}
