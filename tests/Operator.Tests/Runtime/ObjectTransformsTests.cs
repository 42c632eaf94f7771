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
    public void Compact_SharesTheRepeatedStrings_AndKeepsEveryValue()
    {
        var one = ObjectTransforms.Compact(FromServer("one"));
        var two = ObjectTransforms.Compact(FromServer("two"));

        Assert.Null(one.Metadata.ManagedFields);
        Assert.Same(one.Metadata.NamespaceProperty, two.Metadata.NamespaceProperty);
        Assert.Same(one.Metadata.Labels.Keys.Single(), two.Metadata.Labels.Keys.Single());
        Assert.Same(one.Metadata.Labels["app.kubernetes.io/part-of"], two.Metadata.Labels["app.kubernetes.io/part-of"]);
        Assert.Same(one.Metadata.Annotations.Keys.First(), two.Metadata.Annotations.Keys.First());
        Assert.Same(one.Metadata.OwnerReferences[0].Kind, two.Metadata.OwnerReferences[0].Kind);
        Assert.Equal("arn:aws:iam::111122223333:role/one", one.Metadata.Annotations["eks.amazonaws.com/role-arn"]);
        Assert.Equal("arn:aws:iam::111122223333:role/two", two.Metadata.Annotations["eks.amazonaws.com/role-arn"]);
        Assert.True(one.Metadata.Annotations.ContainsKey(ObjectTransforms.LastAppliedAnnotation));
    }

    [Fact]
    public void Compact_SharesTheObjectsApiVersionAndKind()
    {
        var one = FromServer("one");
        var two = FromServer("two");
        one.ApiVersion = new string("v1".AsSpan());
        two.ApiVersion = new string("v1".AsSpan());
        one.Kind = new string("ServiceAccount".AsSpan());
        two.Kind = new string("ServiceAccount".AsSpan());

        ObjectTransforms.Compact(one);
        ObjectTransforms.Compact(two);

        Assert.Same(one.ApiVersion, two.ApiVersion);
        Assert.Same(one.Kind, two.Kind);
        Assert.Equal("ServiceAccount", one.Kind);
    }

    [Fact]
    public void Compact_EqualAnnotationValuesOfOneObjectShareOneInstance_OthersStayAsTheyAre()
    {
        var hash = new string('a', 64);
        var account = FromServer("one");
        account.Metadata.Annotations = new Dictionary<string, string>
        {
            ["example.com/data-hash"] = hash,
            ["example.com/rollout-hash"] = new string(hash.AsSpan()),
            ["example.com/other"] = new string('b', 64),
            ["example.com/empty"] = "",
        };

        var annotations = ObjectTransforms.Compact(account).Metadata.Annotations;

        Assert.Same(annotations["example.com/data-hash"], annotations["example.com/rollout-hash"]);
        Assert.Equal(hash, annotations["example.com/rollout-hash"]);
        Assert.Equal(new string('b', 64), annotations["example.com/other"]);
        Assert.Equal("", annotations["example.com/empty"]);
        Assert.Equal(4, annotations.Count);
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
        var pool = new ObjectTransforms.StringPool(capacity: 3, maxLength: 8);
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
