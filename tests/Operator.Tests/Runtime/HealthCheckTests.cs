using Microsoft.Extensions.Diagnostics.HealthChecks;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Runtime;

public sealed class HealthCheckTests
{
    private readonly FakeInformer _secrets = new("secrets");
    private readonly FakeInformer _widgets = new("widgets");
    private readonly FakeController _controller;
    private readonly ControllerHost _host;

    public HealthCheckTests()
    {
        _controller = new FakeController(_secrets, _widgets);
        _host = new ControllerHost([_controller]);
    }

    [Fact]
    public async Task Readiness_Standby_IsReady()
    {
        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync());
    }

    [Fact]
    public async Task Readiness_Leading_IsReadyOnlyOnceEveryCacheSynced()
    {
        using var stop = new CancellationTokenSource();
        var run = _host.RunAsync(stop.Token);
        _secrets.HasSynced = true;

        var beforeSync = await ReadinessAsync();
        _widgets.HasSynced = true;
        var afterSync = await ReadinessAsync();

        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Healthy), (beforeSync, afterSync));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Liveness_FailsWhenAnInformerIsStuck_WhileLeading()
    {
        using var stop = new CancellationTokenSource();
        var run = _host.RunAsync(stop.Token);
        var healthy = await LivenessAsync();

        _widgets.IsAlive = false;
        var stuck = await LivenessAsync();

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Unhealthy), (healthy, stuck));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Liveness_Standby_IsLiveWhateverTheInformers()
    {
        _widgets.IsAlive = false;

        Assert.Equal(HealthStatus.Healthy, await LivenessAsync());
    }

    [Fact]
    public async Task Liveness_FailsNamingTheController_WhenAReconcileIsStuck()
    {
        var check = new ReconcileLivenessCheck(_host);
        var healthy = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        _controller.Stuck.Add(new ObjectKey("team-a", "app"));
        var stuck = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Unhealthy), (healthy.Status, stuck.Status));
        Assert.Contains("fake", stuck.Description, StringComparison.Ordinal);
        Assert.Contains("team-a/app", stuck.Description, StringComparison.Ordinal);
    }

    private async Task<HealthStatus> ReadinessAsync() =>
        (await new CacheReadinessCheck(_host).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status;

    private async Task<HealthStatus> LivenessAsync() =>
        (await new InformerLivenessCheck(_host).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status;
}
