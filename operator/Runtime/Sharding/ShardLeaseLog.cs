namespace Operator.Runtime.Sharding;

internal static partial class ShardLeaseLog
{
    [LoggerMessage(LogLevel.Information, "Holding shard {Shard} (Lease {Lease}) as {Identity}; reconciling its namespaces")]
    public static partial void ShardAcquired(this ILogger logger, int shard, string lease, string identity);

    [LoggerMessage(LogLevel.Warning, "Lost shard {Shard} (Lease {Lease}): {Why}; no new reconciles of its namespaces")]
    public static partial void ShardLost(this ILogger logger, int shard, string lease, string why);

    [LoggerMessage(LogLevel.Warning, "Could not read or write the Lease {Lease} of shard {Shard}")]
    public static partial void ShardLeaseError(this ILogger logger, Exception exception, string lease, int shard);
}
