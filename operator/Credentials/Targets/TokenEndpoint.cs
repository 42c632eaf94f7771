using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Credentials.Targets;

/// <summary>
/// Sends one request to a token endpoint and classifies what comes back, the same way for every vendor target:
/// a 2xx JSON body is a reply; a refusal, a timeout, an unreachable endpoint or a body that is not JSON is an
/// <see cref="ExchangeFailure"/> whose message names the HTTP status and carries nothing secret.
/// </summary>
internal static class TokenEndpoint
{
    /// <summary>Larger bodies are not read: no token endpoint answers with megabytes.</summary>
    private const int MaxBodyBytes = 1 << 20;

    public static async Task<Attempt<TokenEndpointReply>> SendAsync(
        HttpClient client, HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await ReadBodyAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return EndpointRefusal.From(service, response.StatusCode, body) with { RetryAfter = RetryAfterOf(response) };
            }

            return TryParse(body) is { } json
                ? new TokenEndpointReply(status, json)
                : Malformed(service, status, "a body that is not a JSON object");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} did not answer within {client.Timeout.TotalSeconds:0.#} s (request to {Describe(request)}).");
        }
        catch (HttpRequestException ex)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} is unreachable ({Describe(request)}): {SecretRedaction.Redact(ex)}");
        }
    }

    /// <summary>The endpoint's Retry-After (seconds or an HTTP date), honoured per endpoint by its breaker.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } when delta >= TimeSpan.Zero => delta,
        { Date: { } date } when response.Headers.Date is { } sent && date > sent => date - sent,
        _ => null,
    };

    /// <summary>A 2xx answer that lacks what the target needs.</summary>
    public static ExchangeFailure Malformed(string service, int statusCode, string what) =>
        new(CredentialReasons.ExchangeFailed, $"{service} answered HTTP {statusCode} with {what}.");

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            return string.Empty;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > MaxBodyBytes ? string.Empty : text;
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

    // Scheme, host and path only: a query string may carry something the user did not mean to publish.
    private static string Describe(HttpRequestMessage request) =>
        request.RequestUri is { } uri ? $"{request.Method} {uri.GetLeftPart(UriPartial.Path)}" : request.Method.ToString();
}
