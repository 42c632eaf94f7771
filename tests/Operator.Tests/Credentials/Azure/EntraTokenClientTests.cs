using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity.Azure;
using Operator.Hosting;

namespace Operator.Tests.Credentials.Azure;

/// <summary>The token request on the wire and how Entra's answers and refusals are read, against a stub handler.</summary>
public sealed class EntraTokenClientTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly StubHandler _handler = new();

    private static readonly AzureIdentityRequest s_request = new(AzureIdentityProviderTests.Tenant, AzureIdentityProviderTests.Client,
        "api://AzureADTokenExchange", new Uri("https://login.microsoftonline.com/"), "https://storage.azure.com/.default");

    private Task<Operator.Credentials.Attempt<Operator.Credentials.Identity.BearerToken>> RequestAsync() =>
        new EntraTokenClient(new Clients(_handler), _time).RequestAsync(s_request, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Request_IsTheClientCredentialsGrantWithTheTokenAsJwtBearerAssertion()
    {
        _handler.Answer(HttpStatusCode.OK, """{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAi.access.token"}""");

        var token = await RequestAsync();

        Assert.Equal("eyJ0eXAi.access.token", token.Value!.Token);
        Assert.Equal(_time.GetUtcNow().AddSeconds(3599), token.Value.ExpiresAt);
        Assert.Equal(HttpMethod.Post, _handler.Method);
        Assert.Equal(new Uri($"https://login.microsoftonline.com/{AzureIdentityProviderTests.Tenant}/oauth2/v2.0/token"), _handler.Uri);
        Assert.Equal("application/x-www-form-urlencoded", _handler.ContentType);
        var form = QueryHelpers.ParseQuery(_handler.Body);
        Assert.Equal(AzureIdentityProviderTests.Client, form["client_id"]);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("https://storage.azure.com/.default", form["scope"]);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", form["client_assertion"]);
        Assert.Equal(5, form.Count);
    }

    [Fact]
    public async Task Answer_WithoutExpiresIn_IsRefusedRatherThanGuessed()
    {
        _handler.Answer(HttpStatusCode.OK, """{"token_type":"Bearer","access_token":"eyJ0eXAi.access.token"}""");

        var token = await RequestAsync();

        Assert.Equal(CredentialReasons.ExchangeFailed, token.Failure?.Reason);
        Assert.Contains("expires_in", token.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_WithoutAccessToken_IsExchangeFailed()
    {
        _handler.Answer(HttpStatusCode.OK, """{"token_type":"Bearer","expires_in":3599}""");

        Assert.Equal(CredentialReasons.ExchangeFailed, (await RequestAsync()).Failure?.Reason);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "invalid_client", 700213, "IdentityDenied", "names this ServiceAccount as subject")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_client", 700024, "IdentityDenied", "validity window")]
    [InlineData(HttpStatusCode.BadRequest, "unauthorized_client", 700016, "IdentityDenied", "no application with this client id")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_request", 90002, "IdentityDenied", "tenant not found")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_scope", 1002012, "InvalidSpec", "/.default")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_request", 900144, "ExchangeFailed", "AADSTS900144.")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", 90033, "ExchangeFailed", "AADSTS90033.")]
    public async Task Refusal_IsClassifiedByItsOAuthError_AndNamesTheAadstsCode_ButNeverTheDescription(
        HttpStatusCode status, string error, int code, string reason, string hint)
    {
        _handler.Answer(status, $$"""
            {"error":"{{error}}","error_description":"AADSTS{{code}}: secret-looking description naming system:serviceaccount:team-a:app. Trace ID: 1","error_codes":[{{code}}],"timestamp":"2026-08-05 12:00:00Z","trace_id":"t","correlation_id":"c"}
            """);

        var failure = (await RequestAsync()).Failure!;

        Assert.Equal(reason, failure.Reason);
        Assert.Contains($"HTTP {(int)status}, {error}, AADSTS{code}", failure.Message, StringComparison.Ordinal);
        Assert.Contains(hint, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("description", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_WithAnUnknownErrorWord_FallsBackToTheStatus()
    {
        _handler.Answer(HttpStatusCode.Unauthorized, """{"error":"<script>echo of the request</script>"}""");

        var failure = (await RequestAsync()).Failure!;

        Assert.Equal(CredentialReasons.IdentityDenied, failure.Reason);
        Assert.Equal("Entra ID refused the exchange: HTTP 401 (Unauthorized).", failure.Message);
    }

    [Fact]
    public async Task Refusal_ThatIsNotJson_FallsBackToTheStatus()
    {
        _handler.Answer(HttpStatusCode.BadGateway, "<html>proxy</html>");

        Assert.Equal("Entra ID refused the exchange: HTTP 502 (BadGateway).", (await RequestAsync()).Failure!.Message);
    }

    [Fact]
    public async Task AuthorityResolvingToTheMetadataAddress_IsRefusedByTheHostPolicy_WithoutASocketOpened()
    {
        var dialled = new List<IPEndPoint>();
        var policy = new HostPolicy(new HostPolicyOptions(),
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") }),
            (endpoint, _) =>
            {
                dialled.Add(endpoint);
                throw new InvalidOperationException("no socket may be opened");
            });
        using var handler = CredentialServiceCollectionExtensions.CloudHandlers((Operator.Credentials.Tls.CustomRootTrust?)null, policy)();
        var request = s_request with { AuthorityHost = new Uri("https://login.attacker.test/") };

        var failure = (await new EntraTokenClient(new Clients(handler), _time).RequestAsync(request, "eyJ.assertion.x", TestContext.Current.CancellationToken)).Failure!;

        Assert.True(failure.RefusedByHostPolicy);
        Assert.Equal(CredentialReasons.ExchangeFailed, failure.Reason);
        Assert.Contains("link-local", failure.Message, StringComparison.Ordinal);
        Assert.Empty(dialled);
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            Assert.Equal(EntraTokenClient.HttpClientName, name);
            return new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        }
    }

    private sealed class StubHandler : HttpMessageHandler
    {
        private HttpStatusCode _status;
        private string _body = "{}";

        public HttpMethod? Method { get; private set; }

        public Uri? Uri { get; private set; }

        public string? ContentType { get; private set; }

        public string Body { get; private set; } = string.Empty;

        public void Answer(HttpStatusCode status, string body) => (_status, _body) = (status, body);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (Method, Uri, ContentType) = (request.Method, request.RequestUri, request.Content?.Headers.ContentType?.MediaType);
            Body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(_status) { Content = new StringContent(_body, Encoding.UTF8, "application/json") };
        }
    }
}
