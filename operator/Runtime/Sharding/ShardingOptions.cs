namespace Operator.Runtime.Sharding;

/// <summary>
/// Splitting the work across replicas: each object belongs to one of <see cref="Shards"/> shards by its namespace
/// (<see cref="ShardAssignment"/>), each shard is held through its own Lease, and a replica reconciles only the objects
/// of the shards it holds. One shard (the default) means no sharding: the single leader lease decides.
/// </summary>
internal sealed class ShardingOptions
{
    public const int MaxShards = 256;

    /// <summary>How many shards; more than one enables sharding. Every replica must be given the same number.</summary>
    public int Shards { get; set; } = 1;

    public bool Enabled => Shards > 1;

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section, LeaderElectionOptions leases)
    {
        if (Shards is < 1 or > MaxShards)
        {
            yield return $"{section}:Shards must be between 1 and {MaxShards} (got {Shards}).";
        }

        if (Enabled && !leases.Enabled)
        {
            yield return $"{section}:Shards > 1 needs leader election (each shard is a Lease named after its LeaseName, " +
                "timed by its durations); do not set LeaderElection:Enabled=false with it.";
        }
    }
}
