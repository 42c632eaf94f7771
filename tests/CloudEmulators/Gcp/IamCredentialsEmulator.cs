using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Gcp;

/// <summary>
/// Google's IAM Credentials API (docs/protocols.md §4.2): <c>generateAccessToken</c> and <c>generateIdToken</c> on
/// <c>projects/-/serviceAccounts/{email}</c>, called with a federated token from <see cref="GoogleStsEmulator"/> as Bearer.
/// The caller's principal must hold <c>roles/iam.workloadIdentityUser</c> (or Token Creator) on the service account
/// (<see cref="AllowImpersonation"/>, a binding table); the lifetime is capped at 1 h unless
/// <see cref="AllowLifetimeExtension"/> (the organisation policy) raises it to 12 h. ID tokens are RS256, signed by a key
/// published at <see cref="CertsPath"/> (Google's <c>/oauth2/v3/certs</c>), with <c>iss</c> https://accounts.google.com.
/// Errors use Google's JSON form <c>{"error":{"code","message","status"}}</c>.
/// </summary>
internal sealed partial class IamCredentialsEmulator(GoogleStsEmulator sts, TimeProvider time) : ICloudEmulator, IDisposable
{
    public const string CertsPath = "/oauth2/v3/certs";
    public const string Issuer = "https://accounts.google.com";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _bindings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GoogleAccessToken> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _idTokens = new();
    private readonly ConcurrentQueue<ImpersonationSource> _impersonationSources = new();
    private Uri? _baseAddress;

    public CloudFaults Faults { get; } = new(time);

    public string KeyId { get; } = "iamcredentials-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Where the ID tokens' keys are published (once the host has started).</summary>
    public Uri CertsUrl => new(_baseAddress ?? throw new InvalidOperationException("Known once the host has started."), CertsPath.TrimStart('/'));

    /// <summary><c>constraints/iam.allowServiceAccountCredentialLifetimeExtension</c>: the maximum lifetime becomes 12 h.</summary>
    public bool AllowLifetimeExtension { get; set; }

    /// <summary>Grants <c>min(lifetime, cap)</c> when set (access and ID tokens), so tests can watch refreshes within seconds.</summary>
    public TimeSpan? MaxGrantedLifetime { get; set; }

    /// <summary>Every access token issued so far.</summary>
    public IReadOnlyCollection<GoogleAccessToken> Issued => _issued.Values.ToList();

    /// <summary>Every ID token issued so far.</summary>
    public IReadOnlyList<string> IssuedIdTokens => [.. _idTokens];

    /// <summary>The public half of the ID-token signing key.</summary>
    public RsaSecurityKey PublicKey => new(_key.ExportParameters(false)) { KeyId = KeyId };

    public void OnStarted(Uri baseAddress) => _baseAddress = baseAddress;

    /// <summary>
    /// Lets <paramref name="member"/> (a federated <c>principal://…/subject/…</c>, or a <c>principalSet://…/*</c> pattern)
    /// impersonate <paramref name="serviceAccount"/>, and creates the service account if it is new.
    /// </summary>
    public void AllowImpersonation(string serviceAccount, string member) =>
        _bindings.GetOrAdd(serviceAccount, _ => []).Add(member);

    /// <summary>
    /// Adds bindings decided per call: asked with the service account and the caller's verified federated token, a source
    /// says whether that principal holds <c>roles/iam.workloadIdentityUser</c> on it. Only the binding lookup grows: the
    /// Bearer token is still one Google STS issued and still valid. The sandbox trusts annotated ServiceAccounts this way.
    /// </summary>
    public void AddImpersonationSource(ImpersonationSource source) => _impersonationSources.Enqueue(source);

    /// <summary>The numeric unique id Google gives a service account (stable per email), the ID tokens' <c>sub</c>.</summary>
    public static string UniqueIdOf(string serviceAccount) =>
        "1" + string.Concat(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(serviceAccount)).Take(10).Select(b => (b % 10).ToString(CultureInfo.InvariantCulture)));

    public void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/projects/{project}/serviceAccounts/{**resource}", (HttpContext context, string project, string resource) => HandleAsync(context, project, resource));
        routes.MapGet(CertsPath, () =>
        {
            var parameters = _key.ExportParameters(false);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["alg"] = "RS256",
                    ["use"] = "sig",
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                }),
            });
        });
    }

    private async Task<IResult> HandleAsync(HttpContext context, string project, string resource)
    {
        var colon = resource.LastIndexOf(':');
        if (colon <= 0)
        {
            return Error(404, "NOT_FOUND", "Method not found.");
        }

        var (serviceAccount, method) = (Uri.UnescapeDataString(resource[..colon]), resource[(colon + 1)..]);
        if (method is not ("generateAccessToken" or "generateIdToken"))
        {
            return Error(404, "NOT_FOUND", "Method not found.");
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var caller = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? sts.FindValid(authorization["Bearer ".Length..]) : null;
        if (caller is null)
        {
            return Error(401, "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
        }

        if (project != "-")
        {
            return Error(400, "INVALID_ARGUMENT", "The project in the resource name must be '-'.");
        }

        if (!await MayImpersonateAsync(serviceAccount, caller, context.RequestAborted))
        {
            var permission = method == "generateAccessToken" ? "iam.serviceAccounts.getAccessToken" : "iam.serviceAccounts.getOpenIdToken";
            return Error(403, "PERMISSION_DENIED", $"Permission '{permission}' denied on resource (or it may not exist).");
        }

        if (await JsonRequestBody.ReadObjectAsync(context.Request) is not { } body)
        {
            return Error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }

        return method == "generateAccessToken" ? AccessToken(serviceAccount, body, caller) : IdToken(serviceAccount, body);
    }

    private async Task<bool> MayImpersonateAsync(string serviceAccount, FederatedToken caller, CancellationToken cancellationToken)
    {
        if (_bindings.TryGetValue(serviceAccount, out var members) && members.Any(m => StringLike.Matches(m, caller.Principal)))
        {
            return true;
        }

        foreach (var source in _impersonationSources)
        {
            if (await source(serviceAccount, caller, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private IResult AccessToken(string serviceAccount, JsonObject body, FederatedToken caller)
    {
        var scopes = body["scope"] is JsonArray array ? array.Select(s => s?.ToString() ?? "").Where(s => s.Length > 0).ToList() : [];
        if (scopes.Count == 0)
        {
            return Error(400, "INVALID_ARGUMENT", "Scope required.");
        }

        var lifetime = TimeSpan.FromHours(1);
        if (body["lifetime"]?.ToString() is { } text)
        {
            if (Duration().Match(text) is not { Success: true } match)
            {
                return Error(400, "INVALID_ARGUMENT", "Invalid value at 'lifetime' (type.googleapis.com/google.protobuf.Duration).");
            }

            lifetime = TimeSpan.FromSeconds(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        var max = AllowLifetimeExtension ? TimeSpan.FromHours(12) : TimeSpan.FromHours(1);
        if (lifetime <= TimeSpan.Zero || lifetime > max)
        {
            return Error(400, "INVALID_ARGUMENT", $"The lifetime must be between 1s and {max.TotalSeconds:0}s.");
        }

        var expires = time.GetUtcNow() + Granted(lifetime);
        var token = new GoogleAccessToken("ya29.c." + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48)), serviceAccount, scopes, expires, caller.Principal);
        _issued[token.AccessToken] = token;
        return Results.Json(new Dictionary<string, string>
        {
            ["accessToken"] = token.AccessToken,
            ["expireTime"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
    }

    private IResult IdToken(string serviceAccount, JsonObject body)
    {
        var audience = body["audience"]?.ToString();
        if (string.IsNullOrEmpty(audience))
        {
            return Error(400, "INVALID_ARGUMENT", "Audience required.");
        }

        var now = time.GetUtcNow();
        var uniqueId = UniqueIdOf(serviceAccount);
        var claims = new Dictionary<string, object> { ["aud"] = audience, ["sub"] = uniqueId, ["azp"] = uniqueId };
        if (body["includeEmail"] is JsonValue include && include.TryGetValue<bool>(out var yes) && yes)
        {
            claims["email"] = serviceAccount;
            claims["email_verified"] = true;
        }

        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            Expires = (now + Granted(TimeSpan.FromHours(1))).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
        _idTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, string> { ["token"] = token });
    }

    private TimeSpan Granted(TimeSpan asked) => MaxGrantedLifetime is { } cap && cap < asked ? cap : asked;

    private static IResult Error(int code, string status, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } }, statusCode: code);

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)s$")]
    private static partial Regex Duration();

    public void Dispose() => _key.Dispose();
}
