using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Operator.Runtime.Sharding;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// Two operator replicas (the real host, each with its own log) splitting two shards (<c>Operator:Sharding:Shards=2</c>;
/// 3 s leases, 2 s renew deadline, 250 ms retries) over credentials in six namespaces, with 6 s credential lifetimes so
/// they refresh all along. Which replica issued or refreshed a credential is read from that replica's own log.
/// </summary>
public sealed class ShardingTests : IAsyncLifetime
{
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(3);
    private static readonly string[] s_namespaces = [.. Enumerable.Range(0, 6).Select(i => $"sharded-{i}")];
    private readonly List<Replica> _replicas = [];
    private OperatorTestbed _testbed = null!;
    private Cluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _testbed = await OperatorTestbed.StartAsync();
        _cluster = new Cluster(_testbed);
        _testbed.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(6);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.Operator.DisposeAsync();
        }

        await _testbed.DisposeAsync();
    }

    [Fact]
    public async Task EveryCredential_IsHandledByExactlyOneReplica_AndTheSurvivorTakesOverAKilledOnesShard()
    {
        var (a, b) = await StartTwoAsync("shards-kill", releaseA: false);
        await CreateCredentialsAsync();

        // Each credential was issued, and refreshed since, by the holder of its namespace's shard, and by no one else.
        await Eventually.TrueAsync(() => s_namespaces.All(ns => a.Wrote(ns) + b.Wrote(ns) >= 2), "every credential refreshed at least once");
        foreach (var ns in s_namespaces)
        {
            var holder = a.Holds(ns) ? a : b;
            var other = holder == a ? b : a;
            Assert.True(holder.Wrote(ns) >= 1 && other.Wrote(ns) == 0,
                $"{ns} (shard {Shard(ns)}): {holder.Identity} wrote {holder.Wrote(ns)}, {other.Identity} wrote {other.Wrote(ns)}");
        }

        // Killed: stopped without releasing its Lease, as a crashed pod leaves it.
        var orphaned = a.Shards.Held.Single();
        await StopAsync(a);
        Assert.Equal("a", (await ReadLeaseAsync("shards-kill", orphaned)).Spec.HolderIdentity);
        var wroteBefore = s_namespaces.Where(ns => Shard(ns) == orphaned).ToDictionary(ns => ns, b.Wrote);

        await Eventually.TrueAsync(() => b.Shards.Held.Count == 2, "b took the orphaned shard", TimeSpan.FromSeconds(30));
        var taken = (await ReadLeaseAsync("shards-kill", orphaned)).Spec;
        Assert.Equal("b", taken.HolderIdentity);
        Assert.False(a.Released("shards-kill", orphaned));
        await Eventually.TrueAsync(() => wroteBefore.All(w => b.Wrote(w.Key) > w.Value),
            () => $"b refreshed the orphaned shard's credentials ({string.Join(", ", wroteBefore.Keys)})", TimeSpan.FromSeconds(30));
        foreach (var ns in s_namespaces)
        {
            await _cluster.ReadyAsync(ns, "app-aws", "Refreshed", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task GracefulStop_ReleasesTheShards_AndTheOtherReplicaTakesThem()
    {
        var (a, b) = await StartTwoAsync("shards-stop", releaseA: true);
        await CreateCredentialsAsync();
        var released = a.Shards.Held.Single();

        await StopAsync(a);

        Assert.True(a.Released("shards-stop", released), "a released its shard's Lease on shutdown");
        await Eventually.TrueAsync(() => b.Shards.Held.Count == 2, "b took the released shard", TimeSpan.FromSeconds(30));
        Assert.Equal("b", (await ReadLeaseAsync("shards-stop", released)).Spec.HolderIdentity);
        var wroteBefore = s_namespaces.Where(ns => Shard(ns) == released).ToDictionary(ns => ns, b.Wrote);
        await Eventually.TrueAsync(() => wroteBefore.All(w => b.Wrote(w.Key) > w.Value), "b refreshed the released shard's credentials",
            TimeSpan.FromSeconds(30));
    }

    private static int Shard(string ns) => ShardAssignment.ShardOf(ns, 2);

    /// <summary>A graceful stop: the controllers drain, then the shards' Leases are released if the replica was told to.</summary>
    private async Task StopAsync(Replica replica)
    {
        lock (_replicas)
        {
            _replicas.Remove(replica);
        }

        await replica.Operator.DisposeAsync();
    }

    /// <summary>Both at once, so each finds one shard free (a replica holding one leaves the other free for a lease duration).</summary>
    private async Task<(Replica A, Replica B)> StartTwoAsync(string lease, bool releaseA)
    {
        Assert.Equal([0, 1], s_namespaces.Select(Shard).Distinct().Order());
        var started = await Task.WhenAll(StartReplicaAsync("a", lease, releaseA), StartReplicaAsync("b", lease, release: true));
        var (a, b) = (started[0], started[1]);
        await Eventually.TrueAsync(() => a.Shards.Held.Count == 1 && b.Shards.Held.Count == 1,
            () => $"one shard each (a: {string.Join(",", a.Shards.Held)}; b: {string.Join(",", b.Shards.Held)})");
        return (a, b);
    }

    private async Task<Replica> StartReplicaAsync(string identity, string lease, bool release)
    {
        var logs = new CapturedLogs();
        var running = await RunningOperator.StartAsync(_testbed.OperatorArgs(
            "--Operator:Sharding:Shards=2",
            "--Operator:LeaderElection:LeaseName=" + lease,
            "--Operator:LeaderElection:Identity=" + identity,
            "--Operator:LeaderElection:LeaseDuration=00:00:03",
            "--Operator:LeaderElection:RenewDeadline=00:00:02",
            "--Operator:LeaderElection:RetryPeriod=00:00:00.250",
            "--Operator:LeaderElection:ReleaseOnShutdown=" + release), logs);
        var replica = new Replica(identity, running, logs);
        lock (_replicas)
        {
            _replicas.Add(replica);
        }

        return replica;
    }

    private async Task CreateCredentialsAsync()
    {
        foreach (var ns in s_namespaces)
        {
            await _cluster.CreateIrsaCredentialAsync(ns);
        }
    }

    private Task<V1Lease> ReadLeaseAsync(string lease, int shard) =>
        _testbed.Client.CoordinationV1.ReadNamespacedLeaseAsync(ShardAssignment.LeaseName(lease, shard), ShippedManifests.OperatorNamespace);

    private sealed record Replica(string Identity, RunningOperator Operator, CapturedLogs Logs)
    {
        public HeldShards Shards { get; } = Operator.Services.GetRequiredService<HeldShards>();

        public bool Holds(string ns) => Shards.Holds(Shard(ns));

        /// <summary>How many times this replica issued or refreshed the credential of <paramref name="ns"/> (its own log).</summary>
        public int Wrote(string ns) => Logs.Lines.Count(l => l.Contains($"Credential {ns}/app-aws Issued", StringComparison.Ordinal)
            || l.Contains($"Credential {ns}/app-aws Refreshed", StringComparison.Ordinal));

        public bool Released(string lease, int shard) =>
            Logs.Lines.Any(l => l.Contains($"Released Lease {ShardAssignment.LeaseName(lease, shard)} on shutdown", StringComparison.Ordinal));
    }
}
