using System.IO.Hashing;
using System.Text;

namespace Operator.Runtime.Sharding;

/// <summary>
/// Which shard an object belongs to: the XxHash64 (seed 0) of its namespace's UTF-8 bytes, modulo the shard count.
/// Every replica must compute the same answer, whatever its process or .NET version, so the hash is a published
/// algorithm with fixed outputs (System.IO.Hashing), never <see cref="string.GetHashCode()"/>, which is randomized per
/// process. By namespace, not by name, so that a namespace's credentials and the ServiceAccounts they name are all
/// reconciled by one replica.
/// </summary>
internal static class ShardAssignment
{
    public static int ShardOf(string? ns, int shards) => (int)(Hash(ns) % (ulong)shards);

    internal static ulong Hash(string? ns) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(ns ?? ""));

    /// <summary>The Lease that holds shard <paramref name="shard"/>: <c>{leaseName}-shard-{shard}</c>.</summary>
    public static string LeaseName(string leaseName, int shard) => $"{leaseName}-shard-{shard}";
}
