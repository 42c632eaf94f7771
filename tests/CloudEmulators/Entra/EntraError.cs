using System.Globalization;
using System.Text.Json.Nodes;

namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// An error in the shape Entra's token endpoint answers (docs/protocols.md §5.1): an OAuth <c>error</c>, an
/// <c>error_description</c> starting with the AADSTS code, <c>error_codes</c>, <c>timestamp</c>, <c>trace_id</c>,
/// <c>correlation_id</c> and <c>error_uri</c>. The codes follow public reports of Entra's answers; their HTTP statuses
/// are not documented, and this emulator's choice is noted on each factory.
/// </summary>
internal sealed record EntraError(int Status, string Error, int Code, string Description)
{
    /// <summary>AADSTS900144: a required form parameter is missing.</summary>
    public static EntraError MissingParameter(string name) =>
        new(400, "invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.");

    /// <summary>AADSTS70003: only client_credentials is emulated.</summary>
    public static EntraError UnsupportedGrant(string grant) =>
        new(400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grant}'.");

    /// <summary>AADSTS700023-like: the assertion type is not jwt-bearer.</summary>
    public static EntraError InvalidAssertionType(string type) =>
        new(400, "invalid_request", 50027, $"Invalid client_assertion_type '{type}'.");

    /// <summary>AADSTS90002: unknown tenant.</summary>
    public static EntraError TenantNotFound(string tenant) =>
        new(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    /// <summary>AADSTS700016: no app with that client id in the tenant.</summary>
    public static EntraError ApplicationNotFound(string clientId, string tenant) =>
        new(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");

    /// <summary>AADSTS1002012: a client-credentials scope must be one resource's <c>/.default</c>.</summary>
    public static EntraError InvalidScope(string scope) =>
        new(400, "invalid_scope", 1002012, $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");

    /// <summary>AADSTS50027: the assertion is not a JWT.</summary>
    public static EntraError MalformedAssertion() =>
        new(400, "invalid_request", 50027, "JWT token is invalid or malformed.");

    /// <summary>AADSTS700211: no federated credential of the app names the assertion's issuer.</summary>
    public static EntraError IssuerMismatch(string issuer) =>
        new(401, "invalid_client", 700211, $"No matching federated identity record found for presented assertion issuer '{issuer}'.");

    /// <summary>AADSTS700212: no federated credential with that issuer and subject accepts the assertion's audience.</summary>
    public static EntraError AudienceMismatch(string audience) =>
        new(401, "invalid_client", 700212, $"No matching federated identity record found for presented assertion audience '{audience}'.");

    /// <summary>AADSTS700213: no federated credential with that issuer names the assertion's subject.</summary>
    public static EntraError SubjectMismatch(string subject) =>
        new(401, "invalid_client", 700213, $"No matching federated identity record found for presented assertion subject '{subject}'.");

    /// <summary>AADSTS700027: the assertion's signature does not verify with the issuer's published keys.</summary>
    public static EntraError BadSignature() =>
        new(401, "invalid_client", 700027, "Client assertion failed signature validation.");

    /// <summary>AADSTS700024: the assertion has expired or is not valid yet.</summary>
    public static EntraError AssertionNotInValidTimeRange(DateTimeOffset now, DateTimeOffset notBefore, DateTimeOffset expires) =>
        new(400, "invalid_client", 700024,
            $"Client assertion is not within its valid time range. Current time: {Iso(now)}, assertion valid from {Iso(notBefore)}, expiry time of assertion {Iso(expires)}.");

    /// <summary>AADSTS50166-like: the issuer's OIDC metadata or keys could not be fetched.</summary>
    public static EntraError IssuerUnreachable(string issuer) =>
        new(400, "invalid_client", 50166, $"Request to External OIDC endpoint failed for issuer '{issuer}'.");

    /// <summary>The JSON body, with fresh trace and correlation ids as Entra sends.</summary>
    public JsonObject ToJson(DateTimeOffset now)
    {
        var trace = Guid.NewGuid().ToString();
        var correlation = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["error"] = Error,
            ["error_description"] = $"AADSTS{Code}: {Description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {now.UtcDateTime:yyyy-MM-dd HH:mm:ss'Z'}",
            ["error_codes"] = new JsonArray(Code),
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={Code}",
        };
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
