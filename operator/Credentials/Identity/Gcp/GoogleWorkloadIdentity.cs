using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Credentials.Targets;
using Operator.Runtime;

namespace Operator.Credentials.Identity.Gcp;

/// <summary>
/// The three calls of GCP workload identity federation (docs/protocols.md §4): Google STS's token exchange, and IAM
/// Credentials' <c>generateAccessToken</c> and <c>generateIdToken</c> with the federated token as Bearer.
/// </summary>
/// <remarks>
/// Written by hand rather than through Google.Apis.Auth's <c>ProgrammaticExternalAccountCredential</c>: that credential
/// cannot set the <c>lifetime</c> of generateAccessToken (docs/protocols.md §4.3), has no generateIdToken with a chosen
/// <c>includeEmail</c>, caches its token inside the credential object (every exchange here must be fresh), retries
/// through its own HTTP layer (the reconciler's backoff and breakers own retrying), and reports refusals as exceptions
/// carrying Google's error text, which must not reach status or events. The calls are three small form/JSON POSTs; each
/// goes through the cloud handlers (host policy, CA bundle, no redirects, body cap) of the named client <see cref="HttpClientName"/>.
/// </remarks>
internal sealed class GoogleWorkloadIdentity(GcpOptions options, IHttpClientFactory clients, TimeProvider time)
{
    public const string HttpClientName = "gcp";
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    private const string StsService = "Google STS";
    private const string IamService = "Google IAM Credentials";

    public Uri StsEndpoint => options.StsEndpoint ?? GcpOptions.DefaultStsEndpoint;

    public Uri IamCredentialsEndpoint => options.IamCredentialsEndpoint ?? GcpOptions.DefaultIamCredentialsEndpoint;

    /// <summary>RFC 8693 token exchange at <c>{sts}/v1/token</c>: the ServiceAccount token for a federated access token.</summary>
    public async Task<Attempt<BearerToken>> ExchangeAsync(GcpIdentityRequest request, string subjectToken, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Under(StsEndpoint, "v1/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
                ["audience"] = request.WorkloadIdentityProvider,
                ["scope"] = string.Join(' ', request.StsScopes),
                ["requested_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                ["subject_token"] = subjectToken,
                ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            }),
        };
        var sentAt = time.GetUtcNow();
        var reply = await GoogleEndpoint.SendAsync(Client(), message, StsService, time, cancellationToken);
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        var body = reply.Value!;
        // expires_in counts from when the answer was made; reading it from when the request left errs on the early side.
        return ResponsePath.Text(body, "access_token") is { Length: > 0 } token
            && body["expires_in"] is JsonValue seconds && seconds.TryGetValue<double>(out var expiresIn) && expiresIn > 0
            ? new BearerToken(token, sentAt.AddSeconds(expiresIn))
            : TokenEndpoint.Malformed(StsService, 200, "no access_token or expires_in");
    }

    /// <summary><c>generateAccessToken</c> for <paramref name="lifetime"/> (Google refuses more than 1 h unless the organisation allows 12 h).</summary>
    public async Task<Attempt<BearerToken>> GenerateAccessTokenAsync(BearerToken federated, string serviceAccount,
        IReadOnlyList<string> scopes, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(lifetime.TotalSeconds));
        var reply = await CallAsync(federated, serviceAccount, "generateAccessToken",
            new JsonObject { ["scope"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]), ["lifetime"] = $"{seconds}s" }, cancellationToken);
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        return ResponsePath.Text(reply.Value!, "accessToken") is { Length: > 0 } token
            && ResponsePath.Text(reply.Value!, "expireTime") is { } expireText
            && DateTimeOffset.TryParse(expireText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            ? new BearerToken(token, expires)
            : TokenEndpoint.Malformed(IamService, 200, "no accessToken or expireTime");
    }

    /// <summary><c>generateIdToken</c>: Google sets the lifetime, read from the token's <c>exp</c>.</summary>
    public async Task<Attempt<BearerToken>> GenerateIdTokenAsync(BearerToken federated, string serviceAccount, string audience,
        bool includeEmail, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(federated, serviceAccount, "generateIdToken",
            new JsonObject { ["audience"] = audience, ["includeEmail"] = includeEmail }, cancellationToken);
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        return ResponsePath.Text(reply.Value!, "token") is { Length: > 0 } token && JwtExpiry.Read(token) is { } expires
            ? new BearerToken(token, expires)
            : TokenEndpoint.Malformed(IamService, 200, "no token with a readable exp claim");
    }

    private async Task<Attempt<JsonObject>> CallAsync(BearerToken federated, string serviceAccount, string method, JsonObject body,
        CancellationToken cancellationToken)
    {
        // The project must be "-" (Google infers it from the account); the email is one path segment.
        using var message = new HttpRequestMessage(HttpMethod.Post,
            Under(IamCredentialsEndpoint, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccount)}:{method}"))
        {
            Content = JsonContent.Create(body, OperatorJsonContext.Default.JsonObject),
        };
        message.Headers.Authorization = new("Bearer", federated.Token);
        return await GoogleEndpoint.SendAsync(Client(), message, IamService, time, cancellationToken);
    }

    private HttpClient Client()
    {
        var client = clients.CreateClient(HttpClientName);
        client.Timeout = options.Timeout;
        return client;
    }

    private static Uri Under(Uri baseUrl, string path) => new(new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), path);
}
