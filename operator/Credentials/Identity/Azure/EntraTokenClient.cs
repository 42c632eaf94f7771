using Operator.Credentials.Targets;

namespace Operator.Credentials.Identity.Azure;

/// <summary>
/// The client-credentials grant with the ServiceAccount token as federated client assertion (docs/protocols.md §5.1):
/// one form POST to <c>{authorityHost}{tenant}/oauth2/v2.0/token</c>, answered <c>{"token_type":"Bearer","expires_in",
/// "access_token"}</c>.
/// </summary>
/// <remarks>
/// A plain POST through the operator's named HttpClient rather than Azure.Identity's <c>ClientAssertionCredential</c>
/// (docs/protocols.md §5.2): the request is one form, and the library would bring what the operator must not have here:
/// MSAL's token cache (a refresh could be served a cached token instead of a new one), Azure.Core's own retries (the
/// reconciler's backoff and breakers own retrying), an expiry computed on the wall clock instead of the operator's
/// <see cref="TimeProvider"/>, error messages that quote Entra's description (which names the assertion's subject), and
/// authority checks (instance discovery to be turned off for a non-Microsoft host such as the emulator). Sending through
/// <see cref="TokenEndpoint"/> keeps the same deadline, body cap, host policy and refusal rules as every vendor call.
/// </remarks>
internal sealed class EntraTokenClient(IHttpClientFactory httpClients, TimeProvider time)
{
    /// <summary>The named HttpClient (the cloud handlers: host policy, trusted CAs, no redirects, body cap).</summary>
    public const string HttpClientName = "entra";

    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public async Task<Attempt<BearerToken>> RequestAsync(AzureIdentityRequest request, string assertion, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = request.ClientId,
                ["grant_type"] = "client_credentials",
                ["scope"] = request.Scope,
                ["client_assertion_type"] = JwtBearerAssertionType,
                ["client_assertion"] = assertion,
            }),
        };
        var reply = await TokenEndpoint.SendAsync(httpClients.CreateClient(HttpClientName), message, "Entra ID", time, cancellationToken,
            (status, body) => EntraRefusal.Read(status, body, request));
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        var status = reply.Value!.StatusCode;
        var token = ResponsePath.Text(reply.Value.Body, "access_token");
        if (string.IsNullOrEmpty(token))
        {
            return TokenEndpoint.Malformed("Entra ID", status, "no access_token");
        }

        // Entra always sends expires_in; without it the operator could not schedule the refresh, and never guesses one.
        return ResponsePath.ExpiresIn(reply.Value.Body, "expires_in") is { } lifetime
            ? new BearerToken(token, time.GetUtcNow() + lifetime)
            : TokenEndpoint.Malformed("Entra ID", status, "no usable expires_in");
    }
}
