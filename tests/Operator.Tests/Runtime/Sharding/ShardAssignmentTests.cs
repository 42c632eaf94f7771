using Operator.Runtime.Sharding;

namespace Operator.Tests.Runtime.Sharding;

public sealed class ShardAssignmentTests
{
    // XXH64 with seed 0, from the algorithm's published reference outputs: every replica, process and .NET version
    // computes these, which string.GetHashCode (randomized per process) would not.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    public void Hash_IsXxHash64OfTheNamespacesUtf8(string ns, ulong expected) => Assert.Equal(expected, ShardAssignment.Hash(ns));

    [Fact]
    public void ShardOf_IsTheHashModuloTheShardCount() =>
        Assert.Equal((int)(0x44BC2CF5AD770999UL % 7), ShardAssignment.ShardOf("abc", 7));

    [Fact]
    public void ShardOf_SpreadsNamespacesOverEveryShard()
    {
        var counts = Enumerable.Range(0, 4000).GroupBy(i => ShardAssignment.ShardOf($"team-{i}", 4)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([0, 1, 2, 3], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void LeaseName_IsTheLeaderLeaseNameWithTheShard() =>
        Assert.Equal("delegated-credentials-operator-shard-3", ShardAssignment.LeaseName("delegated-credentials-operator", 3));
}
