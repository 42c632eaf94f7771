using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Oidc;

/// <summary>
/// A login service that takes a Kubernetes ServiceAccount token as an OAuth bearer token (RFC 6750) and answers with
/// a token of its own, <c>{"token", "expires_in"}</c>: what an http target with proof <c>serviceAccountToken</c> talks
/// to. It verifies as a relying party of the cluster's OIDC issuer does: a JWT of the one issuer it trusts, signed by a
/// key of that issuer's JWKS (discovery and keys over HTTPS, trusting only the registered CAs), for its
/// <see cref="Audience"/>, within its lifetime (give or take <see cref="ClockSkew"/>), for a subject it admits.
/// </summary>
/// <remarks>
/// A token that fails any check is 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c> (RFC 6750 §3.1); a
/// valid token of a subject not admitted is 403. Real services differ in their status codes (Vault's Kubernetes auth
/// answers 403 for most refusals); this one follows the RFC, the conservative reading for a generic endpoint.
/// </remarks>
internal sealed class BearerTokenLoginEmulator : ICloudEmulator, IDisposable
{
    public const string Path = "/token-login";

    private static readonly string[] s_algorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    private readonly TimeProvider _time;
    private readonly IssuerCertificateTrust _trust = new();
    private readonly HttpClient _http;
    private readonly OidcKeyCache _keys;
    private readonly ConcurrentDictionary<string, byte> _subjects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<IssuedLoginToken> _issued = new();

    /// <param name="issuer">The only issuer whose tokens are accepted; its discovery document is served under HTTPS by a
    /// server whose certificate chains to <paramref name="authority"/>.</param>
    public BearerTokenLoginEmulator(Uri issuer, X509Certificate2 authority, string audience, TimeProvider time)
    {
        Issuer = issuer;
        Audience = audience;
        _time = time;
        _trust.Add(authority);
        _http = _trust.CreateHttpClient();
        _keys = new OidcKeyCache(_http, time);
        Faults = new CloudFaults(time);
    }

    public CloudFaults Faults { get; }

    public Uri Issuer { get; }

    public string Audience { get; }

    /// <summary>How far past <c>exp</c> (and before <c>nbf</c>) a token is still taken; negative makes the clock run ahead.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<IssuedLoginToken> Issued => [.. _issued];

    /// <summary>Admits the ServiceAccount <paramref name="ns"/>/<paramref name="serviceAccount"/>.</summary>
    public void Admit(string ns, string serviceAccount) => _subjects[$"system:serviceaccount:{ns}:{serviceAccount}"] = 0;

    public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapPost(Path, (Delegate)LoginAsync);

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new JsonObject { ["error"] = "invalid_request" }, statusCode: 401);
        }

        var problem = await CheckAsync(authorization["Bearer ".Length..].Trim(), context.RequestAborted);
        if (problem is { } invalid)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{invalid}\"";
            return Results.Json(new JsonObject { ["error"] = "invalid_token", ["error_description"] = invalid }, statusCode: 401);
        }

        var subject = new JsonWebToken(authorization["Bearer ".Length..].Trim()).Subject;
        if (!_subjects.ContainsKey(subject))
        {
            return Results.Json(new JsonObject { ["error"] = "access_denied", ["error_description"] = $"{subject} may not log in" }, statusCode: 403);
        }

        var token = new IssuedLoginToken("login_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), subject,
            _time.GetUtcNow() + TokenLifetime);
        _issued.Enqueue(token);
        return Results.Json(new JsonObject { ["token"] = token.Token, ["expires_in"] = (long)TokenLifetime.TotalSeconds });
    }

    /// <returns>Why the token is refused, or null when it is valid.</returns>
    private async Task<string?> CheckAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return "not a JWT";
        }

        var issuer = Issuer.ToString().TrimEnd('/');
        if (!string.Equals(jwt.Issuer.TrimEnd('/'), issuer, StringComparison.Ordinal))
        {
            return "untrusted issuer";
        }

        if (!s_algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return "unsupported algorithm";
        }

        SecurityKey? key;
        try
        {
            key = await _keys.FindKeyAsync(issuer, jwt.Kid, cancellationToken);
        }
        catch (StsErrorException)
        {
            return "the issuer's keys could not be retrieved";
        }

        if (key is null)
        {
            return "unknown signing key";
        }

        if (!await JwtSignature.VerifiesAsync(token, key, s_algorithms))
        {
            return "bad signature";
        }

        if (!jwt.Audiences.Contains(Audience, StringComparer.Ordinal))
        {
            return "wrong audience";
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            return "no exp";
        }

        var now = _time.GetUtcNow();
        if (now > DateTimeOffset.FromUnixTimeSeconds(exp) + ClockSkew)
        {
            return "expired";
        }

        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) > now + ClockSkew)
        {
            return "not yet valid";
        }

        return string.IsNullOrEmpty(jwt.Subject) ? "no sub" : null;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A token the login service issued (never printed: <see cref="ToString"/> names its subject only).</summary>
internal sealed record IssuedLoginToken(string Token, string Subject, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"login token for {Subject} until {ExpiresAt:O}";
}
