using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Operator.Credentials.CloudHttp;

namespace Operator.Credentials.Targets;

/// <summary>
/// Sends one request to a token endpoint and classifies what comes back, the same way for every vendor target:
/// a 2xx JSON body is a reply; a refusal, a timeout, an unreachable endpoint, a connection or redirect the host policy
/// refused (<see cref="HostPolicy"/>) or a body that is not JSON is an <see cref="ExchangeFailure"/> whose message names
/// the HTTP status and carries nothing secret and nothing of the body.
/// The whole exchange, body included, runs under one deadline (the client's timeout, on the operator's clock), and
/// the body is read through a cap of <see cref="ResponseBodyCap.MaxBytes"/> (also enforced by the cloud handlers'
/// <see cref="ResponseBodyCap"/>; kept here for clients built without it, such as an http target's caBundle client).
/// </summary>
internal static class TokenEndpoint
{
    /// <param name="time">The operator's clock: the deadline of <paramref name="client"/>'s timeout runs on it.</param>
    /// <param name="readRefusal">
    /// For services whose error bodies are a fixed vocabulary (OAuth's <c>error</c>, Entra's AADSTS codes): given the status
    /// and the refusal's JSON body (null when it is not JSON), the failure, built from that vocabulary only, never from free
    /// text; null falls back to <see cref="EndpointRefusal"/>. Without it the body of a refusal is not read.
    /// </param>
    public static async Task<Attempt<TokenEndpointReply>> SendAsync(
        HttpClient client, HttpRequestMessage request, string service, TimeProvider time, CancellationToken cancellationToken,
        Func<int, JsonObject?, ExchangeFailure?>? readRefusal = null)
    {
        // HttpClient.Timeout stops at the headers when the body is streamed; this deadline also covers reading it.
        using var deadline = new CancellationTokenSource(client.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode && readRefusal is not null
                && readRefusal(status, TryParse(await ReadBodyAsync(response, linked.Token))) is { } refusal)
            {
                return refusal with { RetryAfter = RetryAfterOf(response) };
            }

            if (!response.IsSuccessStatusCode)
            {
                // The body of a refusal is not read: a vendor's error text may echo what was sent (docs/behaviour.md §7).
                return EndpointRefusal.From(service, response.StatusCode) with { RetryAfter = RetryAfterOf(response) };
            }

            var body = await ReadBodyAsync(response, linked.Token);

            return TryParse(body) is { } json
                ? new TokenEndpointReply(status, json)
                : Malformed(service, status, "a body that is not a JSON object");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} did not answer within {client.Timeout.TotalSeconds:0.#} s (request to {Describe(request)}).");
        }
        catch (Exception ex) when (TooLarge(ex) is { } tooLarge)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} answered with a body over the {ResponseTooLargeException.Describe(tooLarge.MaxBytes)} size cap ({Describe(request)}); it was not read.");
        }
        catch (HttpRequestException ex) when (HostPolicyException.Find(ex) is { } refused)
        {
            // Not sent (or a redirect not followed): the message names the host, the address's class or the redirect only.
            return ExchangeFailure.HostPolicyRefusal($"{service} ({Describe(request)}) was {refused.Message}.");
        }
        catch (HttpRequestException ex)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} is unreachable ({Describe(request)}): {SecretRedaction.Redact(ex)}");
        }
        catch (IOException ex)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{service} broke off its answer ({Describe(request)}): {SecretRedaction.Redact(ex)}");
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

    /// <summary>Reads the body as UTF-8 (token endpoints answer JSON), failing as soon as it outgrows the cap.</summary>
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

    // The cap may surface as it is, or wrapped by HttpClient when it buffered the content.
    private static ResponseTooLargeException? TooLarge(Exception ex) =>
        ex as ResponseTooLargeException ?? ex.InnerException as ResponseTooLargeException;

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
