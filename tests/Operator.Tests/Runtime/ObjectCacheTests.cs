using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class ObjectCacheTests
{
    [Fact]
    public void Get_ReturnsACopy_SoCallersCannotChangeTheCache()
    {
        var cache = new ObjectCache<V1Secret>();
        cache.Upsert(ScriptedResourceClient.Secret("a", "1"));

        var copy = cache.Get(new ObjectKey("ns", "a"))!;
        copy.Metadata.Labels = new Dictionary<string, string> { ["changed"] = "yes" };
        copy.Metadata.ResourceVersion = "999";

        var again = cache.Get(new ObjectKey("ns", "a"))!;
        Assert.Null(again.Metadata.Labels);
        Assert.Equal("1", again.Metadata.ResourceVersion);
    }

    [Fact]
    public void Replace_ReturnsTheObjectsThatVanished()
    {
        var cache = new ObjectCache<V1Secret>();
        cache.Upsert(ScriptedResourceClient.Secret("a", "1"));
        cache.Upsert(ScriptedResourceClient.Secret("b", "2"));

        var vanished = cache.Replace([ScriptedResourceClient.Secret("b", "3"), ScriptedResourceClient.Secret("c", "4")]);

        Assert.Equal(["a"], vanished.Select(v => v.Metadata.Name));
        Assert.Equal(["b", "c"], cache.List().Select(o => o.Metadata.Name).Order());
        Assert.Equal("3", cache.Get(new ObjectKey("ns", "b"))!.Metadata.ResourceVersion);
    }

    [Fact]
    public void Get_MissingKey_ReturnsNull() => Assert.Null(new ObjectCache<V1Secret>().Get(new ObjectKey("ns", "nope")));

    [Fact]
    public void Index_FollowsUpsertsRemovesAndReplaces_AndIndexesWhatWasCachedBefore()
    {
        var cache = new ObjectCache<V1Secret>();
        cache.Upsert(Typed("a", "x"));
        cache.AddIndex("type", s => s.Type);
        cache.Upsert(Typed("b", "x"));
        cache.Upsert(Typed("c", "y"));
        cache.Upsert(Typed("c", null));

        Assert.Equal(["a", "b"], cache.KeysByIndex("type", "x").Select(k => k.Name).Order());
        Assert.Empty(cache.KeysByIndex("type", "y"));

        cache.Remove(new ObjectKey("ns", "a"));
        Assert.Equal(["b"], cache.KeysByIndex("type", "x").Select(k => k.Name));

        cache.Replace([Typed("b", "y"), Typed("d", "x")]);
        Assert.Equal(["d"], cache.KeysByIndex("type", "x").Select(k => k.Name));
        Assert.Equal(["b"], cache.KeysByIndex("type", "y").Select(k => k.Name));
    }

    [Fact]
    public void Index_AValueGoesFromOneKeyToManyAndBack_WithoutLosingOrRepeatingAKey()
    {
        var cache = new ObjectCache<V1Secret>();
        cache.AddIndex("type", s => s.Type);
        cache.Upsert(Typed("a", "x"));
        cache.Upsert(Typed("a", "x"));
        Assert.Equal(["a"], cache.KeysByIndex("type", "x").Select(k => k.Name));

        cache.Upsert(Typed("b", "x"));
        cache.Upsert(Typed("c", "x"));
        Assert.Equal(["a", "b", "c"], cache.KeysByIndex("type", "x").Select(k => k.Name).Order());

        cache.Remove(new ObjectKey("ns", "b"));
        cache.Upsert(Typed("c", "y"));
        Assert.Equal(["a"], cache.KeysByIndex("type", "x").Select(k => k.Name));
        Assert.Equal(["c"], cache.KeysByIndex("type", "y").Select(k => k.Name));

        // Back to one key and then to two again: the single key must not be dropped on the way.
        cache.Upsert(Typed("d", "x"));
        Assert.Equal(["a", "d"], cache.KeysByIndex("type", "x").Select(k => k.Name).Order());

        cache.Remove(new ObjectKey("ns", "d"));
        cache.Remove(new ObjectKey("ns", "a"));
        Assert.Empty(cache.KeysByIndex("type", "x"));

        // Removing a key the cache never held changes no other value's keys.
        cache.Remove(new ObjectKey("ns", "zzz"));
        Assert.Equal(["c"], cache.KeysByIndex("type", "y").Select(k => k.Name));
    }

    private static V1Secret Typed(string name, string? type)
    {
        var secret = ScriptedResourceClient.Secret(name, "1");
        secret.Type = type;
        return secret;
    }
}
