using k8s;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>The read-only map the caches keep labels and annotations in.</summary>
public sealed class FrozenMapTests
{
    private static readonly Dictionary<string, string> s_source = new()
    {
        ["zeta"] = "26",
        ["alpha"] = "1",
        ["app.kubernetes.io/name"] = "web",
        ["Alpha"] = "upper",
        ["m"] = "",
    };

    [Fact]
    public void Lookups_FindEveryKey_ByOrdinalComparison_AndNothingElse()
    {
        var map = new FrozenMap(s_source);

        Assert.All(s_source, p => Assert.Equal(p.Value, map[p.Key]));
        Assert.False(map.ContainsKey("ALPHA"));
        Assert.False(map.TryGetValue("beta", out _));
        Assert.Throws<KeyNotFoundException>(() => map["beta"]);
        Assert.Equal(s_source.Count, map.Count);
        Assert.Equal(s_source.OrderBy(p => p.Key, StringComparer.Ordinal), map);
    }

    [Fact]
    public void Changes_AreRefused()
    {
        IDictionary<string, string> map = new FrozenMap(s_source);

        Assert.True(map.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => map["alpha"] = "2");
        Assert.Throws<NotSupportedException>(() => map.Remove("alpha"));
        Assert.Throws<NotSupportedException>(() => map.Add("beta", "2"));
        Assert.Equal("1", map["alpha"]);
    }

    [Fact]
    public void CachedObject_SerializesAsBefore_AndItsCopyIsAnOrdinaryDictionary()
    {
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "s", Labels = new Dictionary<string, string>(s_source) } };
        var json = KubernetesJson.Serialize(secret);

        var cached = ObjectTransforms.Compact(KubernetesJson.Deserialize<V1Secret>(json));
        var copy = ModelJson.Clone(cached);
        copy.Metadata.Labels["beta"] = "2";

        Assert.IsType<FrozenMap>(cached.Metadata.Labels);
        Assert.Equal(s_source.OrderBy(p => p.Key, StringComparer.Ordinal), cached.Metadata.Labels);
        Assert.IsType<Dictionary<string, string>>(copy.Metadata.Labels);
        Assert.False(cached.Metadata.Labels.ContainsKey("beta"));
    }
}
