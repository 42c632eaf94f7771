using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// Entra ID's v2.0 token endpoint for the client-credentials grant with a federated client assertion
/// (docs/protocols.md §5): <c>POST /{tenant}/oauth2/v2.0/token</c> checks the assertion against the federated identity
/// credentials of the app named by <c>client_id</c> (<see cref="ClientAssertionVerifier"/>: the issuer's keys fetched
/// over HTTPS, issuer, subject, audience, lifetime) and answers a version 1.0 access token for the resource of the
/// <c>scope</c>, signed by a key it publishes at <c>/{tenant}/discovery/v2.0/keys</c> (also named by
/// <c>/{tenant}/v2.0/.well-known/openid-configuration</c>, where verifiers such as SingleStore's find it). Refusals are
/// Entra's JSON errors with AADSTS codes (<see cref="EntraError"/>).
/// </summary>
/// <remarks>
/// The access token's <c>aud</c> is the scope with its <c>/.default</c> suffix cut, as written: <c>https://management.azure.com/.default</c>
/// gives <c>https://management.azure.com</c>, <c>https://management.azure.com//.default</c> gives <c>https://management.azure.com/</c>.
/// Whether Entra adds the slash to the first form is not confirmed (docs/protocols.md §7.5); this literal reading is the
/// strict one, so a client that relies on a slash it did not ask for fails here.
/// </remarks>
internal sealed class EntraEmulator : ICloudEmulator, IDisposable
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<(string Tenant, string ClientId), EntraApplication> _apps = new();
    private readonly ConcurrentDictionary<(string Tenant, string ClientId), string> _sourcedObjectIds = new();
    private readonly ConcurrentQueue<FederatedCredentialSource> _credentialSources = new();
    private readonly ConcurrentQueue<EntraTokenCall> _calls = new();
    private readonly ConcurrentQueue<IssuedEntraToken> _issued = new();
    private readonly IssuerCertificateTrust _trust = new();
    private readonly HttpClient _oidcHttp;
    private readonly TimeProvider _time;
    private Uri? _authorityHost;

    public EntraEmulator(TimeProvider time)
    {
        _time = time;
        Faults = new CloudFaults(time);
        _oidcHttp = _trust.CreateHttpClient();
        Assertions = new ClientAssertionVerifier(new OidcKeyCache(_oidcHttp, time), time);
    }

    public CloudFaults Faults { get; }

    /// <summary>The assertion checks (their clock skew is adjustable).</summary>
    public ClientAssertionVerifier Assertions { get; }

    /// <summary>How long an issued access token lives (Entra picks 60 to 90 minutes; one value here, so tests can shorten it).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The key id of the signing key in the JWKS and in each token's header.</summary>
    public string KeyId { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(20));

    /// <summary>The public half of the signing key.</summary>
    public RsaSecurityKey PublicKey => new(_key.ExportParameters(false)) { KeyId = KeyId };

    /// <summary>The authority host clients are configured with (<c>AZURE_AUTHORITY_HOST</c>), once the host has started.</summary>
    public Uri AuthorityHost => _authorityHost ?? throw new InvalidOperationException("The authority is known once its CloudHost has started.");

    /// <summary>Every token request so far, including those a fault answered.</summary>
    public IReadOnlyList<EntraTokenCall> Calls => [.. _calls];

    /// <summary>Every access token issued so far.</summary>
    public IReadOnlyList<IssuedEntraToken> Issued => [.. _issued];

    /// <summary>The <c>iss</c> of the version 1.0 access tokens of a tenant, as Entra writes it.</summary>
    public static string IssuerOf(string tenantId) => $"https://sts.windows.net/{tenantId}/";

    public void OnStarted(Uri baseAddress) => _authorityHost = baseAddress;

    /// <summary>Creates (or replaces) an app registration with its federated identity credentials; its tenant exists from then on.</summary>
    public EntraApplication AddApplication(EntraApplication app)
    {
        _apps[(app.TenantId.ToLowerInvariant(), app.ClientId.ToLowerInvariant())] = app;
        return app;
    }

    /// <summary>
    /// Adds federated identity credentials decided per call: asked with the tenant and client id of a token request, a
    /// source answers credentials for that app (an app that has any exists, as Entra would after <c>az identity federated-credential
    /// create</c>). Only the app lookup grows: the assertion is checked against the app's credentials exactly as for
    /// <see cref="AddApplication"/>'s (signature by the issuer's keys, issuer, subject, audience, lifetime). The sandbox
    /// trusts annotated ServiceAccounts this way.
    /// </summary>
    public void AddCredentialSource(FederatedCredentialSource source) => _credentialSources.Enqueue(source);

    /// <summary>Trusts the CA of an issuer's HTTPS endpoint (a cluster's), for fetching its discovery document and keys.</summary>
    public void TrustIssuerAuthority(X509Certificate2 authority) => _trust.Add(authority);

    public async Task OnRequestAsync(HttpContext context)
    {
        var at = _time.GetUtcNow();
        var tenant = context.Request.RouteValues["tenant"]?.ToString() ?? string.Empty;
        if (!context.Request.Path.Value!.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            return;
        }

        string? clientId = null, scope = null;
        if (context.Request.HasFormContentType)
        {
            context.Request.EnableBuffering();
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            (clientId, scope) = (form["client_id"].ToString(), form["scope"].ToString());
            context.Request.Body.Position = 0;
        }

        context.Response.OnCompleted(() =>
        {
            _calls.Enqueue(new EntraTokenCall(at, tenant, clientId, scope, context.Response.StatusCode,
                context.Items.TryGetValue(typeof(EntraError), out var error) ? ((EntraError)error!).Code : null));
            return Task.CompletedTask;
        });
    }

    public void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync);
        routes.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(Jwk()) }));
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new JsonObject
        {
            ["token_endpoint"] = new Uri(AuthorityHost, $"{tenant}/oauth2/v2.0/token").ToString(),
            ["jwks_uri"] = new Uri(AuthorityHost, $"{tenant}/discovery/v2.0/keys").ToString(),
            ["issuer"] = new Uri(AuthorityHost, $"{tenant}/v2.0").ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
        }));
    }

    private async Task<IResult> TokenAsync(HttpContext context, string tenant)
    {
        try
        {
            if (!context.Request.HasFormContentType)
            {
                throw new EntraErrorException(EntraError.MissingParameter("grant_type"));
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            string Required(string name) => form[name].ToString() is { Length: > 0 } value
                ? value
                : throw new EntraErrorException(EntraError.MissingParameter(name));

            var grant = Required("grant_type");
            if (grant != "client_credentials")
            {
                throw new EntraErrorException(EntraError.UnsupportedGrant(grant));
            }

            var clientId = Required("client_id");
            var scope = Required("scope");
            var assertionType = Required("client_assertion_type");
            var assertion = Required("client_assertion");
            if (assertionType != JwtBearerAssertionType)
            {
                throw new EntraErrorException(EntraError.InvalidAssertionType(assertionType));
            }

            var app = await FindApplicationAsync(tenant, clientId, context.RequestAborted);
            var resource = ResourceOf(scope);
            await Assertions.VerifyAsync(assertion, app, context.RequestAborted);
            return Results.Json(Issue(app, resource));
        }
        catch (EntraErrorException e)
        {
            context.Items[typeof(EntraError)] = e.Error;
            return Results.Json(e.Error.ToJson(_time.GetUtcNow()), statusCode: e.Error.Status);
        }
    }

    /// <summary>The registered app, with whatever credentials the sources add; Entra's errors for an unknown tenant or app.</summary>
    private async Task<EntraApplication> FindApplicationAsync(string tenant, string clientId, CancellationToken cancellationToken)
    {
        var key = (tenant.ToLowerInvariant(), clientId.ToLowerInvariant());
        var added = new List<FederatedIdentityCredential>();
        foreach (var source in _credentialSources)
        {
            added.AddRange(await source(tenant, clientId, cancellationToken));
        }

        var registered = _apps.GetValueOrDefault(key);
        if (added.Count == 0)
        {
            if (!_apps.Keys.Any(k => k.Tenant == key.Item1))
            {
                throw new EntraErrorException(EntraError.TenantNotFound(tenant));
            }

            return registered ?? throw new EntraErrorException(EntraError.ApplicationNotFound(clientId, tenant));
        }

        // One object id per app, as in Entra, whether the app was registered or found through a source.
        return registered is not null
            ? registered with { FederatedCredentials = [.. registered.FederatedCredentials, .. added] }
            : new EntraApplication(tenant, clientId, added) { ObjectId = _sourcedObjectIds.GetOrAdd(key, _ => Guid.NewGuid().ToString()) };
    }

    /// <summary>A client-credentials scope is exactly one <c>{resource}/.default</c>.</summary>
    private static string ResourceOf(string scope)
    {
        const string suffix = "/.default";
        var resource = scope.EndsWith(suffix, StringComparison.Ordinal) ? scope[..^suffix.Length] : null;
        return resource is { Length: > 0 } && !resource.Contains(' ', StringComparison.Ordinal) && Uri.TryCreate(resource, UriKind.Absolute, out _)
            ? resource
            : throw new EntraErrorException(EntraError.InvalidScope(scope));
    }

    private JsonObject Issue(EntraApplication app, string resource)
    {
        var now = _time.GetUtcNow();
        var expires = now + TokenLifetime;
        var issuer = IssuerOf(app.TenantId);
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = resource,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["appid"] = app.ClientId,
                ["appidacr"] = "2",
                ["idp"] = issuer,
                ["oid"] = app.ObjectId,
                ["sub"] = app.ObjectId,
                ["tid"] = app.TenantId,
                ["uti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
                ["ver"] = "1.0",
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
        _issued.Enqueue(new IssuedEntraToken(token, app.TenantId, app.ClientId, resource, expires));
        var seconds = (long)TokenLifetime.TotalSeconds;
        return new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["access_token"] = token,
        };
    }

    private JsonObject Jwk()
    {
        var parameters = _key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    public void Dispose()
    {
        _oidcHttp.Dispose();
        _key.Dispose();
    }
}
