using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Targets;

namespace Operator.Credentials.Identity.Gcp;

/// <summary>
/// Sends one request to Google STS or IAM Credentials and classifies the answer. Like <see cref="TokenEndpoint"/>
/// (transport failures, the host policy, the deadline and the body cap are handled the same way), except that a refusal's
/// body is read for its error code alone: STS's OAuth <c>error</c> (<c>invalid_grant</c>, …) or IAM's <c>error.status</c>
/// (<c>PERMISSION_DENIED</c>, …). Only codes from a fixed list reach the message; Google's description never does, as a
/// vendor's text may echo what was sent (docs/behaviour.md §7).
/// </summary>
internal static class GoogleEndpoint
{
    private static readonly HashSet<string> s_knownCodes = new(StringComparer.Ordinal)
    {
        // OAuth errors of STS (docs/protocols.md §4.1).
        "invalid_grant", "unauthorized_client", "invalid_target", "invalid_request", "unsupported_grant_type", "invalid_scope",
        // google.rpc.Code names of IAM Credentials (docs/protocols.md §4.2).
        "PERMISSION_DENIED", "UNAUTHENTICATED", "INVALID_ARGUMENT", "NOT_FOUND", "FAILED_PRECONDITION", "RESOURCE_EXHAUSTED",
        "UNAVAILABLE", "INTERNAL",
    };

    // The refusals that say the identity is not allowed (IdentityDenied: no point retrying soon); everything else is ExchangeFailed.
    private static readonly HashSet<string> s_identityRefusals = new(StringComparer.Ordinal)
    {
        "invalid_grant", "unauthorized_client", "invalid_target", "PERMISSION_DENIED", "UNAUTHENTICATED",
    };

    public static async Task<Attempt<JsonObject>> SendAsync(HttpClient client, HttpRequestMessage request, string service, TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(client.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = TryParse(await ReadBodyAsync(response, linked.Token));
            if (!response.IsSuccessStatusCode)
            {
                return Refusal(service, response.StatusCode, ErrorCode(body)) with { RetryAfter = TokenEndpoint.RetryAfterOf(response) };
            }

            return body is null ? TokenEndpoint.Malformed(service, (int)response.StatusCode, "a body that is not a JSON object") : body;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed, $"{service} did not answer within {client.Timeout.TotalSeconds:0.#} s ({Describe(request)}).");
        }
        catch (Exception ex) when ((ex as ResponseTooLargeException ?? ex.InnerException as ResponseTooLargeException) is { } tooLarge)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} answered with a body over the {ResponseTooLargeException.Describe(tooLarge.MaxBytes)} size cap ({Describe(request)}); it was not read.");
        }
        catch (HttpRequestException ex) when (HostPolicyException.Find(ex) is { } refused)
        {
            return ExchangeFailure.HostPolicyRefusal($"{service} ({Describe(request)}) was {refused.Message}.");
        }
        catch (HttpRequestException ex)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed, $"{service} is unreachable ({Describe(request)}): {SecretRedaction.Redact(ex)}");
        }
        catch (IOException ex)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed, $"{service} broke off its answer ({Describe(request)}): {SecretRedaction.Redact(ex)}");
        }
    }

    /// <summary>The status with its standard name and, when it is one Google documents, the error code; nothing of the description.</summary>
    public static ExchangeFailure Refusal(string service, HttpStatusCode status, string? code)
    {
        var known = code is not null && s_knownCodes.Contains(code) ? code : null;
        var reason = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (known is not null && s_identityRefusals.Contains(known))
            ? CredentialReasons.IdentityDenied
            : CredentialReasons.ExchangeFailed;
        var name = Enum.IsDefined(status) ? $" ({status})" : string.Empty;
        var what = known is null ? string.Empty : $", error {known}";
        return new ExchangeFailure(reason, $"{service} refused the exchange: HTTP {(int)status}{name}{what}.");
    }

    // STS: {"error":"invalid_grant",…}; IAM Credentials: {"error":{"code":403,"status":"PERMISSION_DENIED",…}}.
    private static string? ErrorCode(JsonObject? body) => body?["error"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject error when error["status"] is JsonValue status && status.TryGetValue<string>(out var text) => text,
        _ => null,
    };

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > ResponseBodyCap.MaxBytes)
        {
            throw new ResponseTooLargeException(ResponseBodyCap.MaxBytes);
        }

        await using var body = new CappedStream(await response.Content.ReadAsStreamAsync(cancellationToken), ResponseBodyCap.MaxBytes);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(HttpRequestMessage request) =>
        request.RequestUri is { } uri ? $"{request.Method} {uri.GetLeftPart(UriPartial.Path)}" : request.Method.ToString();
}
