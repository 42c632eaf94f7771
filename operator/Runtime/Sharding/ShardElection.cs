using k8s;
using k8s.LeaderElection.ResourceLock;

namespace Operator.Runtime.Sharding;

/// <summary>
/// Runs one <see cref="ShardLease"/> per shard for the life of the process (the controllers run all along; each reconciles
/// only the keys of the shards held, see <see cref="HeldShards"/>). Registered before the controllers' host, so on a
/// graceful stop it stops after them: the controllers drain first, then every held shard's Lease is released (emptied, as
/// <see cref="LeaseRelease"/> does for the leader lease), and the other replicas take those shards at their next try
/// instead of after the lease duration.
/// </summary>
internal sealed class ShardElection(
    IKubernetes client,
    HeldShards shards,
    LeaderElectionOptions options,
    TimeProvider time,
    ILogger<ShardElection> logger) : BackgroundService
{
    private readonly SemaphoreSlim _acquiring = new(1, 1);

    public string LeaseNamespace => options.LeaseNamespace is { Length: > 0 } ns ? ns
        : Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leases = Enumerable.Range(0, shards.Count)
            .Select(shard => new ShardLease(shard, new LeaseLock(client, LeaseNamespace, LeaseName(shard), options.Identity), shards,
                _acquiring, options, time, logger))
            .ToList();
        await Task.WhenAll(leases.Select(l => Task.Run(() => l.HoldAsync(stoppingToken), CancellationToken.None))).ConfigureAwait(false);

        var held = shards.Held;
        foreach (var shard in held)
        {
            shards.Lose(shard);
        }

        if (options.ReleaseOnShutdown)
        {
            var release = new LeaseRelease(client, logger);
            await Task.WhenAll(held.Select(shard => release.ReleaseAsync(LeaseNamespace, LeaseName(shard), options.Identity))).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _acquiring.Dispose();
        base.Dispose();
    }

    private string LeaseName(int shard) => ShardAssignment.LeaseName(options.LeaseName, shard);
}
