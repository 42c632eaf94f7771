using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.Clouds.Gcp;

/// <summary>
/// Verifies a Google ID token as <c>google.golang.org/api/idtoken</c> does for SingleStore's GCP verifier
/// (docs/protocols.md §2.3): RS256 signature by a key of Google's certs (here the JWKS <see cref="IamCredentialsEmulator"/>
/// serves, fetched over HTTPS on every check), <c>iss</c> <c>https://accounts.google.com</c> or <c>accounts.google.com</c>,
/// <c>aud</c> one of the allowed audiences, not expired. The identity is <c>email</c> when <c>email_verified</c>, else <c>sub</c>.
/// </summary>
internal sealed class GoogleIdTokenVerifier(Uri certsUrl, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(CloudCertificateAuthority.Shared.CreateHandler());

    public IReadOnlyList<string> AllowedAudiences { get; set; } = ["https://authsvc.singlestore.com"];

    /// <returns>The identity, or why the token is refused.</returns>
    public async Task<(string? Identity, string? Error)> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebKeySet keys;
        try
        {
            keys = new JsonWebKeySet(await _http.GetStringAsync(certsUrl, cancellationToken));
        }
        catch (HttpRequestException)
        {
            return (null, "could not fetch Google's certs");
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuers = [IamCredentialsEmulator.Issuer, "accounts.google.com"],
            ValidAudiences = AllowedAudiences,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid)
        {
            return (null, $"idtoken: {result.Exception?.GetType().Name ?? "invalid token"}");
        }

        var claims = result.Claims;
        return claims.TryGetValue("email_verified", out var verified) && verified is true && claims.TryGetValue("email", out var email)
            ? (email.ToString(), null)
            : (claims.TryGetValue("sub", out var sub) ? sub.ToString() : null, null);
    }

    public void Dispose() => _http.Dispose();
}
