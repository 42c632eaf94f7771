using k8s;
using k8s.Models;

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
        // The positive signal behind the absences below: b's campaign has run and found the lease held by a.
        await Eventually.TrueAsync(() => b.Observed("a"), () => "b observed a leading");
        Assert.False(b.IsLeading);
        Assert.Equal(0, b.Rig.Reconciler.Reconciles);
        Assert.False(b.Rig.Informer.HasSynced);
    }

    [Fact]
    public async Task GracefulStop_ReleasesTheLease_SoTheStandbyTakesItWithoutWaitingForItToExpire()
    {
        var (ns, lease) = await SetUpAsync();
        await using var a = new ElectedInstance(fixture.Emulator, ns, lease, "a");
        await using var b = new ElectedInstance(fixture.Emulator, ns, lease, "b");
        await a.StartAsync();
        await Eventually.TrueAsync(() => a.IsLeading, () => "a leading");
        await b.StartAsync();
        await CreateSecretsAsync(ns, 3);

        await a.StopAsync();
        await Eventually.TrueAsync(() => b.IsLeading, () => "b leading");

        // Released, not left to expire: a emptied the holder (which a standby takes at its next try, where a held lease
        // makes it wait a lease duration, as the next test shows); the lease is b's now.
        Assert.True(a.Released(lease), "a logged the release of its lease");
        Assert.Equal("b", (await ReadLeaseAsync(lease)).Spec.HolderIdentity);
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

        // b starts once a is gone, so the lease read in between is the one a left behind.
        await a.StopAsync();
        var left = (await ReadLeaseAsync(lease)).Spec;
        await b.StartAsync();
        await Eventually.TrueAsync(() => b.IsLeading, () => "b leading", TimeSpan.FromSeconds(10));
        var taken = (await ReadLeaseAsync(lease)).Spec;

        // Not released: a's last renewal stays in the lease, b saw a holding it, and took it no sooner than a lease
        // duration after that renewal (both times as the replicas wrote them into the lease, not a stopwatch).
        Assert.False(a.Released(lease));
        Assert.Equal("a", left.HolderIdentity);
        Assert.True(b.Observed("a"));
        Assert.Equal("b", taken.HolderIdentity);
        Assert.True(taken.AcquireTime!.Value - left.RenewTime!.Value >= s_leaseDuration - TimeSpan.FromMilliseconds(1),
            $"b acquired at {taken.AcquireTime:O}, a last renewed at {left.RenewTime:O}");
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

    private async Task<V1Lease> ReadLeaseAsync(string lease)
    {
        using var client = fixture.Emulator.CreateClient();
        return await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default");
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
