using System.IO.Compression;
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
    public void Upsert_KeepsWhatTheObjectWas_NotWhatItBecomesLater()
    {
        var cache = new ObjectCache<V1Secret>();
        var secret = ScriptedResourceClient.Secret("a", "1");
        cache.Upsert(secret);

        secret.Metadata.ResourceVersion = "2";
        secret.Metadata.Annotations = new Dictionary<string, string> { ["late"] = "change" };

        var cached = cache.Get(new ObjectKey("ns", "a"))!;
        Assert.Equal("1", cached.Metadata.ResourceVersion);
        Assert.Null(cached.Metadata.Annotations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnObject_ReadsBackAsItWasCached_CompressedOrNot(bool large)
    {
        // A bare Secret's JSON is too short for compression to shrink it, so it is kept as it is; one with forty
        // annotations is compressed.
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns", ResourceVersion = "17" } };
        if (large)
        {
            secret.Metadata.Annotations = Enumerable.Range(0, 40)
                .ToDictionary(i => $"credentials.delegated.dev/note-{i}", i => $"value {i} {new string('x', i)} é\u2603\"");
            secret.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "K", Name = "o", Uid = "u", Controller = true }];
        }

        var json = ModelJson.Utf8(secret);
        Assert.Equal(large, BrotliEncoder.TryCompress(json, new byte[2 * json.Length], out var compressed, 2, 16) && compressed < json.Length);
        var cache = new ObjectCache<V1Secret>();

        cache.Upsert(secret);

        Assert.Equal(ModelJson.Utf8(secret), ModelJson.Utf8(cache.Get(new ObjectKey("ns", "a"))!));
        Assert.Equal("17", cache.ResourceVersion(new ObjectKey("ns", "a")));
    }

    [Fact]
    public void ResourceVersion_IsTheMetadatas_AndNullWithoutOneOrWithoutTheObject()
    {
        var cache = new ObjectCache<V1Secret>();
        // A Secret whose data mentions resourceVersion, and one without any.
        var tricky = ScriptedResourceClient.Secret("a", "5");
        tricky.StringData = new Dictionary<string, string> { ["resourceVersion"] = "not-this" };
        var bare = new V1Secret { Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = "ns" } };

        cache.Upsert(tricky);
        cache.Upsert(bare);

        Assert.Equal("5", cache.ResourceVersion(new ObjectKey("ns", "a")));
        Assert.Null(cache.ResourceVersion(new ObjectKey("ns", "b")));
        Assert.Null(cache.ResourceVersion(new ObjectKey("ns", "missing")));
    }

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
