using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// Checks a client assertion (a Kubernetes ServiceAccount token) against an app's federated identity credentials as
/// Entra does: a JWT whose <c>iss</c> one credential names, signed by a key the issuer publishes (OIDC discovery and
/// JWKS over HTTPS), within its lifetime (small skew), whose <c>sub</c> and one <c>aud</c> that credential names.
/// Each refusal throws the AADSTS error Entra answers (<see cref="EntraError"/>).
/// </summary>
internal sealed class ClientAssertionVerifier(OidcKeyCache keys, TimeProvider time)
{
    private static readonly string[] s_algorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The subject the app was granted through, when the assertion passes.</summary>
    public async Task<FederatedIdentityCredential> VerifyAsync(string assertion, EntraApplication app, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            throw new EntraErrorException(EntraError.MalformedAssertion());
        }

        var byIssuer = app.FederatedCredentials.Where(f => string.Equals(f.Issuer, jwt.Issuer, StringComparison.Ordinal)).ToList();
        if (byIssuer.Count == 0)
        {
            throw new EntraErrorException(EntraError.IssuerMismatch(jwt.Issuer));
        }

        await VerifySignatureAsync(assertion, jwt, cancellationToken);
        CheckLifetime(jwt);
        var bySubject = byIssuer.Where(f => string.Equals(f.Subject, jwt.Subject, StringComparison.Ordinal)).ToList();
        if (bySubject.Count == 0)
        {
            throw new EntraErrorException(EntraError.SubjectMismatch(jwt.Subject ?? string.Empty));
        }

        return bySubject.FirstOrDefault(f => jwt.Audiences.Any(a => f.Audiences.Contains(a, StringComparer.Ordinal)))
            ?? throw new EntraErrorException(EntraError.AudienceMismatch(string.Join(",", jwt.Audiences)));
    }

    private async Task VerifySignatureAsync(string assertion, JsonWebToken jwt, CancellationToken cancellationToken)
    {
        if (!s_algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            throw new EntraErrorException(EntraError.BadSignature());
        }

        SecurityKey? key;
        try
        {
            key = await keys.FindKeyAsync(jwt.Issuer, jwt.Kid, cancellationToken);
        }
        catch (StsErrorException)
        {
            // The key cache speaks STS; the fetch failing is Entra's "external OIDC endpoint failed".
            throw new EntraErrorException(EntraError.IssuerUnreachable(jwt.Issuer));
        }

        if (key is null)
        {
            throw new EntraErrorException(EntraError.BadSignature());
        }

        if (!await JwtSignature.VerifiesAsync(assertion, key, s_algorithms))
        {
            throw new EntraErrorException(EntraError.BadSignature());
        }
    }

    private void CheckLifetime(JsonWebToken jwt)
    {
        var now = time.GetUtcNow();
        var expires = jwt.TryGetPayloadValue<long>("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MinValue;
        var notBefore = jwt.TryGetPayloadValue<long>("nbf", out var nbf) ? DateTimeOffset.FromUnixTimeSeconds(nbf) : DateTimeOffset.MinValue;
        if (now > expires + ClockSkew || notBefore > now + ClockSkew)
        {
            throw new EntraErrorException(EntraError.AssertionNotInValidTimeRange(now, notBefore, expires));
        }
    }
}
