using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// Verifies an Entra access token the way a resource server does (SingleStore's Azure verifier, docs/protocols.md §2.3):
/// signature by a key (its <c>kid</c> required) from the JWKS named by <c>{authority}{tenant}/v2.0/.well-known/openid-configuration</c>,
/// fetched over HTTPS; <c>iss</c> Entra's for the token's tenant (and that tenant the configured one unless it is
/// <c>common</c>); <c>aud</c> exactly one of the allowed audiences; within its lifetime. The principal is <c>oid</c>, else
/// <c>sub</c>, else <c>appid</c>.
/// </summary>
internal sealed class EntraAccessTokenVerifier(Uri authorityHost, string tenant, IReadOnlyList<string> audiences, OidcKeyCache keys, TimeProvider time)
{
    /// <summary>The principal, or the reason the token is refused.</summary>
    public async Task<(string? Principal, string? Error)> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, "not a JWT");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return (null, "token has no kid");
        }

        SecurityKey? key;
        try
        {
            key = await keys.FindKeyAsync(new Uri(authorityHost, $"{tenant}/v2.0").ToString(), jwt.Kid, cancellationToken);
        }
        catch (StsErrorException)
        {
            return (null, "could not fetch the Entra signing keys");
        }

        if (key is null)
        {
            return (null, "no Entra signing key with the token's kid");
        }

        var tid = jwt.TryGetPayloadValue<string>("tid", out var t) ? t : string.Empty;
        if (tenant != "common" && !string.Equals(tid, tenant, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"token of tenant '{tid}', expected '{tenant}'");
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuers = [EntraEmulator.IssuerOf(tid), $"https://login.microsoftonline.com/{tid}/v2.0"],
            ValidAudiences = audiences,
            // The library forgives a trailing slash by default; SingleStore compares the audience exactly.
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateLifetime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime.AddMinutes(5))
                && expires is { } e && e > time.GetUtcNow().UtcDateTime.AddMinutes(-5),
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenInvalidAudienceException => $"audience '{string.Join(",", jwt.Audiences)}' is not allowed",
                SecurityTokenInvalidIssuerException => $"issuer '{jwt.Issuer}' is not Entra's",
                SecurityTokenInvalidLifetimeException => "token expired",
                _ => "signature verification failed",
            });
        }

        foreach (var claim in new[] { "oid", "sub", "appid" })
        {
            if (jwt.TryGetPayloadValue<string>(claim, out var value) && value.Length > 0)
            {
                return (value, null);
            }
        }

        return (null, "token names no principal");
    }
}
