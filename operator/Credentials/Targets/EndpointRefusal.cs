using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Credentials.Targets;

/// <summary>
/// Turns a non-2xx answer into a failure a person can act on: the status, and the service's own short message
/// when its body has one (JSON:API <c>errors</c>, <c>{"message"}</c>, problem details, OAuth <c>error_description</c>, or plain
/// text), redacted and cut short. 401 and 403 mean the identity was refused (IdentityDenied); anything else is
/// ExchangeFailed and retried.
/// </summary>
internal static class EndpointRefusal
{
    private const int MaxDetail = 200;

    public static ExchangeFailure From(string service, HttpStatusCode status, string body)
    {
        var reason = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? CredentialReasons.IdentityDenied
            : CredentialReasons.ExchangeFailed;
        var detail = Detail(body);
        var message = $"{service} refused the exchange: HTTP {(int)status} ({status})";
        return new ExchangeFailure(reason, detail.Length == 0 ? message + "." : $"{message}: {detail}");
    }

    /// <summary>The service's message, redacted and at most <see cref="MaxDetail"/> characters.</summary>
    public static string Detail(string body)
    {
        var text = FromJson(body) ?? body;
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        text = SecretRedaction.Redact(text);
        return text.Length <= MaxDetail ? text : text[..MaxDetail] + "…";
    }

    private static string? FromJson(string body)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (json is not JsonObject root)
        {
            return null;
        }

        if (root["errors"] is JsonArray errors)
        {
            return string.Join("; ", errors.Select(ErrorText).Where(e => e.Length > 0));
        }

        // {"message"} (SingleStore), {"detail"} (RFC 7807 problem details, FastAPI), OAuth's error_description/error.
        return Text(root["message"]) ?? Text(root["detail"]) ?? Text(root["title"]) ?? Text(root["error_description"]) ?? Text(root["error"]) ?? string.Empty;
    }

    private static string ErrorText(JsonNode? error) => error switch
    {
        JsonValue value => Text(value) ?? string.Empty,
        JsonObject item => string.Join(": ", new[] { Text(item["title"]), Text(item["detail"]) }.Where(t => !string.IsNullOrEmpty(t))),
        _ => string.Empty,
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
