using System.Text.Json.Nodes;

namespace Operator.Credentials.Identity.Azure;

/// <summary>
/// Reads an Entra error (<c>{"error","error_description":"AADSTS…","error_codes":[…]}</c>, docs/protocols.md §5.1) into a
/// failure built from its fixed vocabulary only: the OAuth <c>error</c> (when it is one of the standard values) and the
/// AADSTS numbers, with this project's own words for the codes a user meets when the federation is misconfigured.
/// <c>error_description</c> is never copied: it quotes the assertion's issuer and subject and carries trace ids.
/// </summary>
internal static class EntraRefusal
{
    private static readonly HashSet<string> s_oauthErrors = new(StringComparer.Ordinal)
    {
        "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope",
        "access_denied", "temporarily_unavailable", "server_error",
    };

    /// <summary>
    /// Refusals of the identity: the federated credential does not match, the app or tenant is unknown, the assertion is
    /// rejected. Their HTTP status is not documented (public reports show 400 and 401), so the <c>error</c> decides.
    /// </summary>
    private static readonly HashSet<string> s_identityErrors = new(StringComparer.Ordinal)
    {
        "invalid_client", "invalid_grant", "unauthorized_client", "access_denied",
    };

    private static readonly Dictionary<int, string> s_hints = new()
    {
        [700211] = "no federated identity credential of the app names the ServiceAccount token's issuer",
        [700212] = "no federated identity credential of the app accepts the ServiceAccount token's audience",
        [700213] = "no federated identity credential of the app names this ServiceAccount as subject",
        [700024] = "the ServiceAccount token was outside its validity window (clock skew?)",
        [700027] = "the ServiceAccount token's signature did not verify with the issuer's published keys",
        [50166] = "Entra could not fetch the cluster issuer's OIDC discovery document or keys",
        [700016] = "no application with this client id in the tenant",
        [90002] = "tenant not found",
        [1002012] = "the scope must be one resource's /.default",
        [500011] = "the scope's resource is not known in the tenant",
    };

    /// <returns>Null when the body is not an Entra error (the caller's generic refusal applies).</returns>
    public static ExchangeFailure? Read(int status, JsonObject? body, AzureIdentityRequest request)
    {
        if (body?["error"] is not JsonValue errorValue || !errorValue.TryGetValue<string>(out var error) || !s_oauthErrors.Contains(error))
        {
            return null;
        }

        var codes = body["error_codes"] is JsonArray array
            ? array.Select(c => c is JsonValue v && v.TryGetValue<long>(out var code) ? code : (long?)null).OfType<long>().ToList()
            : [];
        var reason = error switch
        {
            _ when s_identityErrors.Contains(error) => CredentialReasons.IdentityDenied,
            "invalid_scope" => CredentialReasons.InvalidSpec,
            // Unknown tenant: a spec or annotation to fix, as much as an unknown app.
            "invalid_request" when codes.Contains(90002) => CredentialReasons.IdentityDenied,
            _ => CredentialReasons.ExchangeFailed,
        };
        var aadsts = codes.Count == 0 ? string.Empty : ", " + string.Join(", ", codes.Select(c =>
            s_hints.TryGetValue((int)Math.Clamp(c, int.MinValue, int.MaxValue), out var hint) ? $"AADSTS{c} ({hint})" : $"AADSTS{c}"));
        return new ExchangeFailure(reason,
            $"Entra refused the token for client {request.ClientId} in tenant {request.TenantId} (scope {request.Scope}): HTTP {status}, {error}{aadsts}.");
    }
}
