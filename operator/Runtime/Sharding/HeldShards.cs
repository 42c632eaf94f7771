using System.Diagnostics.Metrics;

namespace Operator.Runtime.Sharding;

/// <summary>
/// The shards this replica holds right now, as its <see cref="ShardLease"/>s decide. Controllers read it for every key they
/// are about to reconcile (<see cref="Holds(ObjectKey)"/>) and hear of each shard taken (<see cref="Acquired"/>) to enqueue
/// that shard's keys. Exported as <c>leader_election_shard_held{shard}</c> (1 held, 0 not).
/// </summary>
internal sealed class HeldShards
{
    private readonly int[] _held;

    public HeldShards(int count, IMeterFactory? meters = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _held = new int[count];
        meters?.Create(RuntimeMetrics.LeaderElectionMeter)
            .CreateObservableGauge("shard_held", Observe, description: "1 for each shard this replica holds, by shard.");
    }

    /// <summary>Raised (on the lease's loop, so handlers must not block) once a shard is taken.</summary>
    public event Action<int>? Acquired;

    public int Count { get; }

    public IReadOnlyList<int> Held => [.. Enumerable.Range(0, Count).Where(Holds)];

    public int HeldCount => Held.Count;

    public int ShardOf(ObjectKey key) => ShardAssignment.ShardOf(key.Namespace, Count);

    public bool Holds(int shard) => Volatile.Read(ref _held[shard]) == 1;

    public bool Holds(ObjectKey key) => Holds(ShardOf(key));

    internal void Acquire(int shard)
    {
        if (Interlocked.Exchange(ref _held[shard], 1) == 0)
        {
            Acquired?.Invoke(shard);
        }
    }

    internal void Lose(int shard) => Volatile.Write(ref _held[shard], 0);

    private IEnumerable<Measurement<int>> Observe() =>
        Enumerable.Range(0, Count).Select(s => new Measurement<int>(Holds(s) ? 1 : 0, new KeyValuePair<string, object?>("shard", s.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
