using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.Clouds.Oidc;

/// <summary>
/// The signature check alone, with one key the caller found by the token's kid in the issuer's JWKS: the verifiers check
/// issuer, audience and lifetime themselves, each answering with its own service's error for each.
/// </summary>
internal static class JwtSignature
{
    public static async Task<bool> VerifiesAsync(string token, SecurityKey key, IEnumerable<string> algorithms) =>
        (await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = algorithms,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateIssuerSigningKey = false,
            TryAllIssuerSigningKeys = false,
        })).IsValid;
}
