using k8s;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class ObjectTransformsTests
{
    private static V1ServiceAccount FromServer(string name) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            // new string(...) as the JSON reader does: equal text, another instance each time.
            NamespaceProperty = new string("team-a".AsSpan()),
            Labels = new Dictionary<string, string> { [new string("app.kubernetes.io/part-of".AsSpan())] = new string("payments".AsSpan()) },
            Annotations = new Dictionary<string, string>
            {
                [new string("eks.amazonaws.com/role-arn".AsSpan())] = $"arn:aws:iam::111122223333:role/{name}",
                [ObjectTransforms.LastAppliedAnnotation] = "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"}",
            },
            OwnerReferences = [new V1OwnerReference { ApiVersion = new string("v1".AsSpan()), Kind = new string("Namespace".AsSpan()), Name = "x", Uid = "u" }],
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl" }],
        },
    };

    [Fact]
    public void StripManagedFields_TheInformersDefault_DropsManagedFieldsAndKeepsEverythingElse()
    {
        var original = FromServer("one");
        var expected = KubernetesJson.Serialize(original with { Metadata = original.Metadata with { ManagedFields = null } });

        var cached = ObjectTransforms.StripManagedFields(FromServer("one"));

        Assert.Null(cached.Metadata.ManagedFields);
        Assert.Equal(expected, KubernetesJson.Serialize(cached));
    }

    [Fact]
    public void CompactWithoutLastApplied_DropsOnlyTheKubectlApplyCopy()
    {
        var account = ObjectTransforms.CompactWithoutLastApplied(FromServer("one"));

        Assert.False(account.Metadata.Annotations.ContainsKey(ObjectTransforms.LastAppliedAnnotation));
        Assert.Equal("arn:aws:iam::111122223333:role/one", account.Metadata.Annotations["eks.amazonaws.com/role-arn"]);
        Assert.Equal("payments", account.Metadata.Labels["app.kubernetes.io/part-of"]);
    }

    [Fact]
    public void StringPool_NeverTakesALongString_NorGrowsPastItsCapacity()
    {
        var pool = new StringPool(capacity: 3, maxLength: 8);
        var longValue = "123456789";

        Assert.Same(longValue, pool.Get(longValue));
        Assert.NotSame(longValue, pool.Get(new string(longValue.AsSpan())));

        var first = pool.Get("key-0");
        Assert.Same(first, pool.Get(new string("key-0".AsSpan())));

        // Tenants' invented keys: the pool fills to its capacity and then hands strings back as they are.
        for (var i = 1; i < 10; i++)
        {
            pool.Get($"key-{i}");
        }

        Assert.Equal(3, pool.Count);
        var late = new string("late".AsSpan());
        Assert.Same(late, pool.Get(late));
        Assert.NotSame(late, pool.Get(new string("late".AsSpan())));
        Assert.Same(first, pool.Get(new string("key-0".AsSpan())));
    }
}
