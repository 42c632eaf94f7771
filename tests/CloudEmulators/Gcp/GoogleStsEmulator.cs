using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Gcp;

/// <summary>
/// Google's Security Token Service (<c>POST /v1/token</c>, docs/protocols.md §4.1), as strict as the real one for what the
/// operator sends: an RFC 8693 token exchange whose <c>audience</c> names a registered workload identity pool provider,
/// whose subject token is a JWT from that provider's issuer, signed by a key of the issuer's JWKS (discovery and JWKS
/// fetched over HTTPS, as for AWS STS), with an <c>aud</c> the provider allows, not expired, and whose <c>sub</c> passes
/// the provider's attribute condition. The answer is a federated access token (<c>ya29.d.…</c>) that
/// <see cref="IamCredentialsEmulator"/> accepts as a Bearer token. Refusals use the OAuth error form
/// (<c>invalid_request</c>, <c>invalid_target</c>, <c>invalid_grant</c>, <c>unauthorized_client</c>).
/// </summary>
internal sealed class GoogleStsEmulator : ICloudEmulator, IDisposable
{
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private readonly ConcurrentDictionary<string, WorkloadIdentityPoolProvider> _providers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FederatedToken> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GoogleStsCall> _calls = new();
    private readonly IssuerCertificateTrust _trust = new();
    private readonly HttpClient _oidcHttp;
    private readonly TimeProvider _time;

    public GoogleStsEmulator(TimeProvider time)
    {
        _time = time;
        Faults = new CloudFaults(time);
        _oidcHttp = _trust.CreateHttpClient();
        Keys = new OidcKeyCache(_oidcHttp, time);
    }

    public CloudFaults Faults { get; }

    /// <summary>The JWKS cache (its lifetime is adjustable).</summary>
    public OidcKeyCache Keys { get; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The lifetime of federated tokens: about an hour at Google ([unconfirmed], docs/protocols.md §7).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every federated token issued so far.</summary>
    public IReadOnlyCollection<FederatedToken> Issued => _issued.Values.ToList();

    /// <summary>Every exchange answered (faults included), in completion order.</summary>
    public IReadOnlyList<GoogleStsCall> Calls => [.. _calls];

    /// <summary>Registers (or replaces) a pool provider; <paramref name="authority"/> is the CA of its issuer's HTTPS endpoint.</summary>
    public WorkloadIdentityPoolProvider AddProvider(WorkloadIdentityPoolProvider provider, X509Certificate2? authority = null)
    {
        if (provider.Issuer.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("A provider's issuer must be an https URL.", nameof(provider));
        }

        if (authority is not null)
        {
            _trust.Add(authority);
        }

        _providers[provider.Name] = provider;
        return provider;
    }

    /// <summary>The federated token with this value, while it is valid.</summary>
    public FederatedToken? FindValid(string accessToken) =>
        _issued.TryGetValue(accessToken, out var token) && token.ExpiresAt > _time.GetUtcNow() ? token : null;

    public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapPost("/v1/token", (Delegate)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var at = _time.GetUtcNow();
        string? audience = null;
        var result = await ExchangeAsync(context, a => audience = a);
        _calls.Enqueue(new GoogleStsCall(at, audience, result.Status, result.Error));
        return result.Error is null
            ? Results.Json(result.Body)
            : Results.Json(new Dictionary<string, string> { ["error"] = result.Error, ["error_description"] = result.Description! }, statusCode: result.Status);
    }

    private async Task<Outcome> ExchangeAsync(HttpContext context, Action<string> seeAudience)
    {
        if (!context.Request.HasFormContentType)
        {
            return Outcome.Refused("invalid_request", "The request must be application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string Field(string name) => form[name].ToString();
        seeAudience(Field("audience"));
        if (Field("grant_type") != TokenExchangeGrant)
        {
            return Outcome.Refused("unsupported_grant_type", $"Unsupported grant type: {Field("grant_type")}.");
        }

        if (Field("subject_token_type") != JwtTokenType && Field("subject_token_type") != "urn:ietf:params:oauth:token-type:id_token")
        {
            return Outcome.Refused("invalid_request", "Invalid value for \"subject_token_type\".");
        }

        if (Field("requested_token_type") is { Length: > 0 } requested && requested != AccessTokenType)
        {
            return Outcome.Refused("invalid_request", "Invalid value for \"requested_token_type\".");
        }

        var scopes = Field("scope").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (Field("subject_token").Length == 0 || Field("audience").Length == 0 || scopes.Length == 0)
        {
            return Outcome.Refused("invalid_request", "audience, scope and subject_token are required.");
        }

        if (!_providers.TryGetValue(Field("audience"), out var provider))
        {
            return Outcome.Refused("invalid_target", "The target service indicated by the \"audience\" parameters is invalid.");
        }

        var subject = await VerifyAsync(provider, Field("subject_token"), context.RequestAborted);
        if (subject.Error is { } error)
        {
            return error;
        }

        if (!provider.SubjectCondition.Any(pattern => StringLike.Matches(pattern, subject.Sub!)))
        {
            return Outcome.Refused("unauthorized_client", "The given credential is rejected by the attribute condition.");
        }

        var expires = _time.GetUtcNow() + TokenLifetime;
        var token = new FederatedToken("ya29.d." + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48)),
            provider.PrincipalOf(subject.Sub!), provider.Name, scopes, expires);
        _issued[token.AccessToken] = token;
        return new Outcome(200, null, null, new Dictionary<string, object>
        {
            ["access_token"] = token.AccessToken,
            ["issued_token_type"] = AccessTokenType,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
        });
    }

    private async Task<(string? Sub, Outcome? Error)> VerifyAsync(WorkloadIdentityPoolProvider provider, string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, Outcome.Refused("invalid_grant", "Unable to parse the ID Token."));
        }

        if (jwt.Issuer != provider.IssuerText)
        {
            return (null, Outcome.Refused("invalid_grant", "The issuer in ID Token does not match the expected issuer."));
        }

        SecurityKey? key;
        try
        {
            key = await Keys.FindKeyAsync(provider.IssuerText, jwt.Kid, cancellationToken);
        }
        catch (StsErrorException)
        {
            return (null, Outcome.Refused("invalid_grant", "Unable to fetch the issuer's public keys."));
        }

        var signed = key is not null && (await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        })).IsValid;
        if (!signed)
        {
            return (null, Outcome.Refused("invalid_grant", "Invalid ID Token signature."));
        }

        var now = _time.GetUtcNow();
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp) + ClockSkew < now)
        {
            return (null, Outcome.Refused("invalid_grant", "ID Token has expired."));
        }

        if (jwt.TryGetPayloadValue<long>("iat", out var iat) && DateTimeOffset.FromUnixTimeSeconds(iat) > now + ClockSkew)
        {
            return (null, Outcome.Refused("invalid_grant", "ID Token issued at a future time."));
        }

        if (!jwt.Audiences.Any(a => provider.EffectiveAudiences.Contains(a, StringComparer.Ordinal)))
        {
            return (null, Outcome.Refused("invalid_grant", "The audience in ID Token does not match the expected audience."));
        }

        return string.IsNullOrEmpty(jwt.Subject)
            ? (null, Outcome.Refused("invalid_grant", "The ID Token has no sub claim."))
            : (jwt.Subject, null);
    }

    public void Dispose() => _oidcHttp.Dispose();

    private sealed record Outcome(int Status, string? Error, string? Description, Dictionary<string, object>? Body)
    {
        public static Outcome Refused(string error, string description) => new(400, error, description, null);
    }
}
