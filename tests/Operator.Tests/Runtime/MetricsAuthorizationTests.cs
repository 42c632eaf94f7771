using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Runtime;

/// <summary>
/// /metrics (every credential's name and expiry) answers only over HTTPS, to a bearer token the API server authenticates
/// (TokenReview) and authorizes for <c>get /metrics</c> (SubjectAccessReview); a tenant's own ServiceAccount token is refused.
/// </summary>
public sealed class MetricsAuthorizationTests : IAsyncLifetime
{
    private const string ScraperToken = "scraper-token";
    private const string TenantToken = "tenant-token";
    private readonly StubApiServer _api = new();
    private WebApplication? _app;
    private HttpClient? _https;
    private HttpClient? _plain;

    public async ValueTask InitializeAsync()
    {
        _api.Respond = (request, body) => Answer(request.RequestUri!.AbsolutePath, JsonNode.Parse(body)!);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, l => l.UseHttps(SelfSignedCertificate.Create("test", TimeProvider.System)));
            kestrel.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<IKubernetes>(_api.CreateClient());
        builder.Services.AddControllerRuntime("test-operator", new LeaderElectionOptions { Enabled = false });
        builder.Services.AddSingleton<IController>(new FakeController(new FakeInformer("widgets") { HasSynced = true }));
        _app = builder.Build();
        _app.UseMetricsAuthorization();
        _app.MapRuntimeEndpoints();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var https = _app.Urls.Single(u => u.StartsWith("https:", StringComparison.Ordinal));
        var plain = _app.Urls.Single(u => u.StartsWith("http:", StringComparison.Ordinal));
        // The scraper does not verify the self-signed certificate (config/prometheus), as here.
        _https = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = new Uri(https),
        };
        _plain = new HttpClient { BaseAddress = new Uri(plain) };
    }

    public static TheoryData<string?, HttpStatusCode> Callers => new()
    {
        { null, HttpStatusCode.Unauthorized },
        { "made-up", HttpStatusCode.Unauthorized },
        { TenantToken, HttpStatusCode.Forbidden },
        { ScraperToken, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Metrics_AnswerOnlyAnAuthorizedToken(string? token, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _https!.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(expected == HttpStatusCode.OK, body.Contains("leader_election_master_status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_OverPlainHttp_AreNotServed_EvenToTheScraper()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScraperToken);

        using var response = await _plain!.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Probes_StayOpen_WithoutAToken()
    {
        using var response = await _plain!.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Decisions_AreCachedForAMinute_ThenAskedAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var authorizer = new MetricsAuthorizer(_api.CreateClient(), time);

        var first = await authorizer.AuthorizeAsync("Bearer " + ScraperToken, "/metrics", TestContext.Current.CancellationToken);
        var cached = await authorizer.AuthorizeAsync("Bearer " + ScraperToken, "/metrics", TestContext.Current.CancellationToken);
        var callsWhileCached = _api.Requests.Count;
        time.Advance(MetricsAuthorizer.CacheFor);
        await authorizer.AuthorizeAsync("Bearer " + ScraperToken, "/metrics", TestContext.Current.CancellationToken);

        Assert.Equal((200, 200), (first, cached));
        Assert.Equal(2, callsWhileCached);
        Assert.Equal(4, _api.Requests.Count);
        Assert.DoesNotContain(_api.Requests, r => r.Path.Contains(ScraperToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiServerDown_NobodyIsLetIn()
    {
        _api.Respond = (_, _) => (HttpStatusCode.InternalServerError, """{"kind":"Status","status":"Failure","code":500}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScraperToken);

        using var response = await _https!.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        _https?.Dispose();
        _plain?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>TokenReview knows two tokens; SubjectAccessReview lets only the scraper's user get /metrics.</summary>
    private static (HttpStatusCode, string) Answer(string path, JsonNode body)
    {
        if (path.EndsWith("/tokenreviews", StringComparison.Ordinal))
        {
            var user = (string?)body["spec"]!["token"] switch
            {
                ScraperToken => "system:serviceaccount:monitoring:prometheus",
                TenantToken => "system:serviceaccount:team-a:app",
                _ => null,
            };
            body["status"] = user is null
                ? new JsonObject { ["authenticated"] = false }
                : new JsonObject { ["authenticated"] = true, ["user"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray("system:serviceaccounts") } };
            return (HttpStatusCode.Created, body.ToJsonString());
        }

        var allowed = (string?)body["spec"]!["user"] == "system:serviceaccount:monitoring:prometheus"
            && (string?)body["spec"]!["nonResourceAttributes"]!["path"] == "/metrics"
            && (string?)body["spec"]!["nonResourceAttributes"]!["verb"] == "get";
        body["status"] = new JsonObject { ["allowed"] = allowed };
        return (HttpStatusCode.Created, body.ToJsonString());
    }
}
