using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Entra;
using Operator.Testing.Clouds.Gcp;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.SingleStore;

/// <summary>
/// SingleStore's IAM auth service (docs/protocols.md §2), after the Go test server <c>s2iam_test_server</c>: AWS
/// identity headers are verified with the STS emulator's GetCallerIdentity, and the answer is an RS256 JWT with
/// <c>sub</c> = the caller's ARN. Unlike the test server it requires <c>workspaceGroupID</c> for database JWTs,
/// as production does. Its flags (<see cref="FailVerification"/>, <see cref="ReturnError"/>, ...) are the test server's.
/// </summary>
internal sealed class SingleStoreEmulator(StsEmulator sts, TimeProvider time) : ICloudEmulator, IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly CallerIdentityLookup _lookup = new(sts, time);
    private readonly ConcurrentQueue<SingleStoreRequest> _requests = new();

    public CloudFaults Faults { get; } = new(time);

    /// <summary><c>--token-expiry</c>: the issued JWT's lifetime.</summary>
    public TimeSpan TokenExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Production adds <c>expires_at</c>; the test server does not (clients then read <c>exp</c>).</summary>
    public bool IncludeExpiresAt { get; set; }

    /// <summary><c>--fail-verification</c>: every request is refused with 401.</summary>
    public bool FailVerification { get; set; }

    /// <summary><c>--return-empty-jwt</c>.</summary>
    public bool ReturnEmptyJwt { get; set; }

    /// <summary><c>--return-error --error-code N</c>: every request gets this status, with a plain-text body.</summary>
    public int? ReturnError { get; set; }

    /// <summary>The public half of the signing key (the test server's <c>/info/public-key</c>).</summary>
    public RsaSecurityKey PublicKey => new(_key.ExportParameters(false));

    /// <summary>
    /// Google ID tokens (<c>Authorization: Bearer</c>) are accepted when set, verified as SingleStore's GCP verifier does
    /// (docs/protocols.md §2.3) against the keys the IAM Credentials emulator serves; null: only AWS identities.
    /// </summary>
    public GoogleIdTokenVerifier? Google { get; set; }

    /// <summary>Every request received (the test server's <c>/info/requests</c>), without secrets.</summary>
    public IReadOnlyList<SingleStoreRequest> Requests => [.. _requests];

    /// <summary>
    /// The Azure verifier, once <see cref="AcceptEntra"/> is called: Entra access tokens are checked against the JWKS the
    /// authority serves (docs/protocols.md §2.3).
    /// </summary>
    public EntraAccessTokenVerifier? Entra { get; private set; }

    /// <summary>
    /// Accepts Entra access tokens (<c>Authorization: Bearer</c>, a payload naming <c>windows.net</c> or
    /// <c>microsoftonline.com</c>) as the real verifier does: keys from <paramref name="authorityHost"/>'s
    /// <c>{tenant}/v2.0/.well-known/openid-configuration</c> over HTTPS (the test CA), <c>aud</c> exactly
    /// <c>https://management.azure.com/</c> or one of <paramref name="allowedAudiences"/> (the test server's default
    /// <c>https://authsvc.singlestore.com</c>); the identity is <c>oid</c>.
    /// </summary>
    public void AcceptEntra(Uri authorityHost, string tenant = "common", IReadOnlyList<string>? allowedAudiences = null)
    {
        _entraHttp ??= new IssuerCertificateTrust().CreateHttpClient();
        Entra = new EntraAccessTokenVerifier(authorityHost, tenant,
            [AzureManagementAudience, .. allowedAudiences ?? ["https://authsvc.singlestore.com"]], new OidcKeyCache(_entraHttp, time), time);
    }

    /// <summary>The audience SingleStore's Azure verifier always accepts, with its trailing slash.</summary>
    public const string AzureManagementAudience = "https://management.azure.com/";

    private HttpClient? _entraHttp;

    public void MapRoutes(IEndpointRouteBuilder routes) =>
        routes.MapMethods("/auth/iam/{jwtType}", ["POST", "GET"], (HttpContext context, string jwtType) => HandleAsync(context, jwtType));

    private async Task<IResult> HandleAsync(HttpContext context, string jwtType)
    {
        var workspaceGroup = context.Request.Query["workspaceGroupID"].ToString();
        _requests.Enqueue(new SingleStoreRequest(context.Request.Method, jwtType, workspaceGroup, context.Request.Headers.ContentLength ?? 0));
        if (ReturnError is { } code)
        {
            return Results.Text("error requested by the test\n", statusCode: code);
        }

        if (FailVerification)
        {
            return Message(401, "verification failed (requested by the test)");
        }

        if (jwtType is not ("database" or "api"))
        {
            return Message(404, $"unknown JWT type {jwtType}");
        }

        if (jwtType == "database" && workspaceGroup.Length == 0)
        {
            return Message(400, "workspaceGroupID is required for a database JWT");
        }

        var headers = context.Request.Headers;
        if (EntraBearer(headers.Authorization.ToString()) is { } entraToken)
        {
            var (principal, entraError) = await Entra!.VerifyAsync(entraToken, context.RequestAborted);
            return principal is null
                ? Message(401, $"cloud auth failed: Azure: {entraError}")
                : Results.Json(Answer(principal, "azure", null, jwtType));
        }

        // As the reference server: a Bearer token that is not an Entra token goes to the GCP verifier.
        if (Google is { } google && headers.Authorization.ToString() is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var (email, failure) = await google.VerifyAsync(bearer["Bearer ".Length..], context.RequestAborted);
            return email is null
                ? Message(401, $"cloud auth failed: GCP: {failure}")
                : Results.Json(Answer(email, "gcp", null, jwtType));
        }

        string[] identity = [headers["X-AWS-Access-Key-ID"].ToString(), headers["X-AWS-Secret-Access-Key"].ToString(), headers["X-AWS-Session-Token"].ToString()];
        if (identity.Any(string.IsNullOrEmpty))
        {
            return Message(401, "no valid cloud provider authentication found in request");
        }

        var (caller, error) = _lookup.Lookup(identity[0], identity[1], identity[2]);
        if (caller is null)
        {
            return Message(401, $"cloud auth failed: AWS GetCallerIdentity: {error!.Code}");
        }

        return Results.Json(Answer(caller.Arn, "aws", caller.Account, jwtType));
    }

    /// <summary>
    /// The token of an <c>Authorization: Bearer</c> header when it is Entra's, as the real service tells: a JWT payload naming
    /// <c>microsoftonline.com</c> or <c>windows.net</c> (docs/protocols.md §2.3); null when Azure is not accepted.
    /// </summary>
    private string? EntraBearer(string authorization)
    {
        const string bearer = "Bearer ";
        if (Entra is null || !authorization.StartsWith(bearer, StringComparison.Ordinal))
        {
            return null;
        }

        var token = authorization[bearer.Length..].Trim();
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = Base64UrlEncoder.Decode(parts[1]);
            return payload.Contains("microsoftonline.com", StringComparison.Ordinal) || payload.Contains("windows.net", StringComparison.Ordinal)
                ? token
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private Dictionary<string, object> Answer(string subject, string provider, string? account, string jwtType)
    {
        var now = time.GetUtcNow();
        var expires = now + TokenExpiry;
        var jwt = ReturnEmptyJwt ? string.Empty : new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["provider"] = provider,
                ["accountID"] = account ?? string.Empty,
                ["jwtType"] = jwtType,
                ["createdByTestServer"] = true,
                // Not in the test server's claims: makes two JWTs issued within one second distinct, as production's are.
                ["jti"] = Guid.NewGuid().ToString(),
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key), SecurityAlgorithms.RsaSha256),
        });
        var answer = new Dictionary<string, object> { ["jwt"] = jwt };
        if (IncludeExpiresAt)
        {
            answer["expires_at"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        return answer;
    }

    private static IResult Message(int status, string message) => Results.Json(new Dictionary<string, string> { ["message"] = message }, statusCode: status);

    public void Dispose()
    {
        _key.Dispose();
        Google?.Dispose();
        _entraHttp?.Dispose();
    }
}

/// <summary>One request as the emulator saw it (no header values: they hold the secret key).</summary>
internal sealed record SingleStoreRequest(string Method, string JwtType, string WorkspaceGroupId, long ContentLength);
