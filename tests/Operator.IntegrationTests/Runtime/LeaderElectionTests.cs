using System.Diagnostics;
using k8s;

namespace Operator.IntegrationTests.Runtime;

/// <summary>Two replicas sharing one Lease (2 s lease, 1 s renew deadline, 200 ms retry).</summary>
public sealed class LeaderElectionTests(KubeApiEmulatorFixture fixture) : IClassFixture<KubeApiEmulatorFixture>
{
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task OnlyTheLeaderReconciles()
    {
        var (ns, lease) = await SetUpAsync();
        await using var a = new ElectedInstance(fixture.Emulator, ns, lease, "a");
        await using var b = new ElectedInstance(fixture.Emulator, ns, lease, "b");
        await a.StartAsync();
        await Eventually.TrueAsync(() => a.IsLeading, () => "a leading");
        await b.StartAsync();

        await CreateSecretsAsync(ns, 5);

        await Eventually.TrueAsync(() => a.Rig.Reconciler.LastSeen.Count == 5, () => "leader reconciled every Secret");
        Assert.False(b.IsLeading);
        Assert.Equal(0, b.Rig.Reconciler.Reconciles);
        Assert.False(b.Rig.Informer.HasSynced);
    }

    [Fact]
    public async Task GracefulStop_ReleasesTheLease_SoTheStandbyTakesOverBeforeItWouldExpire()
    {
        var (ns, lease) = await SetUpAsync();
        await using var a = new ElectedInstance(fixture.Emulator, ns, lease, "a");
        await using var b = new ElectedInstance(fixture.Emulator, ns, lease, "b");
        await a.StartAsync();
        await Eventually.TrueAsync(() => a.IsLeading, () => "a leading");
        await b.StartAsync();
        await CreateSecretsAsync(ns, 3);

        var clock = Stopwatch.StartNew();
        await a.StopAsync();
        await Eventually.TrueAsync(() => b.IsLeading, () => "b leading");
        var handover = clock.Elapsed;

        Assert.True(handover < s_leaseDuration, $"handover took {handover}");
        await Eventually.TrueAsync(() => b.Rig.Reconciler.LastSeen.Count == 3, () => "new leader reconciled every Secret");
        Assert.False(a.Lifetime.StopRequested);
    }

    [Fact]
    public async Task KilledLeader_WithoutRelease_IsReplacedOnceTheLeaseExpires()
    {
        var (ns, lease) = await SetUpAsync();
        await using var a = new ElectedInstance(fixture.Emulator, ns, lease, "a", releaseOnShutdown: false);
        await using var b = new ElectedInstance(fixture.Emulator, ns, lease, "b");
        await a.StartAsync();
        await Eventually.TrueAsync(() => a.IsLeading, () => "a leading");
        await b.StartAsync();

        var clock = Stopwatch.StartNew();
        await a.StopAsync();
        await Eventually.TrueAsync(() => b.IsLeading, () => "b leading", TimeSpan.FromSeconds(10));
        var handover = clock.Elapsed;

        Assert.InRange(handover, s_leaseDuration / 2, s_leaseDuration + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task LostLease_StopsTheApplication()
    {
        var (ns, lease) = await SetUpAsync();
        await using var a = new ElectedInstance(fixture.Emulator, ns, lease, "a");
        await a.StartAsync();
        await Eventually.TrueAsync(() => a.IsLeading, () => "a leading");
        using var client = fixture.Emulator.CreateClient();

        await Eventually.TrueAsync(async () =>
        {
            await TakeOverAsync(client, lease);
            return a.Lifetime.StopRequested;
        }, () => "application stop requested after the lease was taken", TimeSpan.FromSeconds(10));

        Assert.False(a.IsLeading);
    }

    private async Task<(string Namespace, string Lease)> SetUpAsync()
    {
        using var client = fixture.Emulator.CreateClient();
        var ns = await fixture.NewNamespaceAsync();
        return (ns, $"lease-{ns}");
    }

    private async Task CreateSecretsAsync(string ns, int count)
    {
        using var client = fixture.Emulator.CreateClient();
        for (var i = 0; i < count; i++)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret($"s{i}"), ns);
        }
    }

    /// <summary>Another party writes itself into the lease, as an operator with a lost network would see it.</summary>
    private static async Task TakeOverAsync(Kubernetes client, string lease)
    {
        try
        {
            var current = await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default");
            current.Spec.HolderIdentity = "intruder";
            current.Spec.RenewTime = DateTime.UtcNow;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(current, lease, "default");
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            // Raced with the holder's renewal; the next attempt reads again.
        }
    }
}
