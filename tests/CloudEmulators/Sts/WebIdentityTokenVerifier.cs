using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// Verifies a web identity token as STS does before any trust policy is looked at: well-formed JWT, <c>iss</c>
/// registered as an OIDC provider, signature by a key in the issuer's JWKS (fetched over HTTPS), <c>aud</c>
/// among the provider's client IDs, and <c>exp</c>/<c>nbf</c> within a small clock skew.
/// The library checks the signature only; the claim checks are here so each refusal gets STS's error code.
/// </summary>
internal sealed class WebIdentityTokenVerifier(
    Func<string, OidcProviderRegistration?> findProvider,
    OidcKeyCache keys,
    TimeProvider time,
    string account)
{
    private static readonly string[] s_algorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public async Task<WebIdentity> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        var jwt = Parse(token);
        var issuer = jwt.Issuer;
        var provider = findProvider(issuer)
            ?? throw Invalid($"No OpenIDConnect provider found in your account for {issuer}");
        if (!s_algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            throw Invalid("The token's signing algorithm is not supported.");
        }

        var key = await keys.FindKeyAsync(provider.IssuerText, jwt.Kid, cancellationToken)
            ?? throw Invalid("No matching key was found in the identity provider's JWKS for the token's kid.");
        await VerifySignatureAsync(token, key);
        CheckLifetime(jwt);
        var audience = jwt.Audiences.FirstOrDefault(a => provider.ClientIds.Contains(a, StringComparer.Ordinal))
            ?? throw Invalid("Incorrect token audience");
        if (string.IsNullOrEmpty(jwt.Subject))
        {
            throw new StsErrorException(StsError.IdpRejectedClaim("The token is missing the required claim sub."));
        }

        return new WebIdentity(jwt.Subject, audience, provider.Issuer, provider.ArnIn(account));
    }

    private static JsonWebToken Parse(string token)
    {
        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw Invalid("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
        }
    }

    private static async Task VerifySignatureAsync(string token, SecurityKey key)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = s_algorithms,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateIssuerSigningKey = false,
            TryAllIssuerSigningKeys = false,
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw Invalid("The signature of the web identity token could not be verified.");
        }
    }

    private void CheckLifetime(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            throw Invalid("The token is missing the required claim exp.");
        }

        var now = time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (now > expiresAt + ClockSkew)
        {
            throw new StsErrorException(StsError.ExpiredTokenException(
                $"Token expired: current date/time {Format(now)} must be before the expiration date/time {Format(expiresAt)}"));
        }

        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) > now + ClockSkew)
        {
            throw Invalid("The token is not yet valid (nbf is in the future).");
        }
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

    private static StsErrorException Invalid(string message) => new(StsError.InvalidIdentityToken(message));
}
