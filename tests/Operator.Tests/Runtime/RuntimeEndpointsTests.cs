using System.Net;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Runtime;

/// <summary>The probe and scrape endpoints, served by a minimal host with the runtime registered.</summary>
public sealed class RuntimeEndpointsTests : IAsyncLifetime
{
    private readonly FakeInformer _informer = new("widgets");
    private WebApplication? _app;
    private HttpClient? _http;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IKubernetes>(new StubApiServer().CreateClient());
        builder.Services.AddControllerRuntime("test-operator", new LeaderElectionOptions { Enabled = false });
        builder.Services.AddSingleton<IController>(new FakeController(_informer));
        builder.Services.AddSingleton<IScrapeSeries>(new TableSeries());
        _app = builder.Build();
        _app.MapRuntimeEndpoints();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Urls.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    [Fact]
    public async Task Readyz_ReportsUnreadyUntilTheCachesSync()
    {
        var before = await GetAsync("/readyz");
        _informer.HasSynced = true;
        var after = await GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (before.Status, after.Status));
    }

    [Fact]
    public async Task Healthz_ReportsAStuckInformer()
    {
        var live = await GetAsync("/healthz");
        _informer.IsAlive = false;
        var stuck = await GetAsync("/healthz");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable), (live.Status, stuck.Status));
    }

    [Fact]
    public async Task Metrics_ExportsTheRuntimeMeterInPrometheusFormat()
    {
        var metrics = _app!.Services.GetRequiredService<RuntimeMetrics>();
        metrics.ReconcileCompleted("widgets", ReconcileOutcome.Success, TimeSpan.FromMilliseconds(5));
        metrics.TrackQueue("widgets", () => 3);

        var (status, body) = await GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("controller_runtime_reconcile_total{", body, StringComparison.Ordinal);
        Assert.Contains("controller=\"widgets\"", body, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_reconcile_time_seconds_bucket", body, StringComparison.Ordinal);
        Assert.Contains("leader_election_master_status 0", body, StringComparison.Ordinal);
        Assert.Contains("workqueue_depth{name=\"widgets\"} 3", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AppendsTheScrapeTimeFamilies_WithLabelValuesEscaped()
    {
        var (status, body) = await GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("# HELP table_rows One per row.\n# TYPE table_rows gauge\n", body, StringComparison.Ordinal);
        Assert.Contains("table_rows{namespace=\"a\",name=\"q\\\"b\\\\c\\nd\"} 1.5\n", body, StringComparison.Ordinal);
        Assert.InRange(body.IndexOf("# HELP prometheus_net_", StringComparison.Ordinal), 0, body.IndexOf("# HELP table_rows", StringComparison.Ordinal));
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_InOpenMetrics_KeepsEofLast()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var response = await _http!.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("table_rows{namespace=\"a\",name=\"q\\\"b\\\\c\\nd\"} 1.5\n# EOF\n", body, StringComparison.Ordinal);
        Assert.Single(body.Split('\n'), l => l == "# EOF");
    }

    /// <summary>A family written at scrape time, with a label value that needs every escape.</summary>
    private sealed class TableSeries : IScrapeSeries
    {
        public ValueTask WriteAsync(SeriesWriter writer, CancellationToken cancellationToken)
        {
            writer.Gauge("table_rows", "One per row.");
            writer.Sample("table_rows", 1.5, ("namespace", "a"), ("name", "q\"b\\c\nd"));
            return ValueTask.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http!.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
