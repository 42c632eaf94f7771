using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi.Schema;

public sealed class PruningTests
{
    private static readonly string s_schema = """
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "name":{"type":"string"},
            "items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}}},
            "labels":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string"}}}},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}
          }},
          "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}
        }}
        """;

    [Fact]
    public void K1_UnknownFields_ArePrunedAndReportedByPath()
    {
        var s = SchemaScenario.Admit(s_schema, """
            {"apiVersion":"x/v1","kind":"W","metadata":{"name":"w","odd":1},"extra":1,
             "spec":{"name":"a","foo":1,"items":[{"id":"1","bar":2}],"labels":{"k":{"v":"x","w":1}}},
             "status":{"ready":true,"zzz":1}}
            """);
        Assert.Equal(["extra", "spec.foo", "spec.items[0].bar", "spec.labels.k.w", "status.zzz"], s.Outcome.UnknownFields.Order(StringComparer.Ordinal));
        Assert.Equal("""{"apiVersion":"x/v1","kind":"W","metadata":{"name":"w","odd":1},"spec":{"name":"a","items":[{"id":"1"}],"labels":{"k":{"v":"x"}}},"status":{"ready":true}}""", s.Object.ToJsonString());
    }

    [Fact]
    public void K1_PreserveUnknownFields_KeepsUnknownButPrunesInsideKnownProperties()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"free":{"anything":{"deep":1},"known":{"a":"x","b":"y"}}}}""");
        Assert.Equal(["spec.free.known.b"], s.Outcome.UnknownFields);
        Assert.Equal("""{"anything":{"deep":1},"known":{"a":"x"}}""", s.Object["spec"]!["free"]!.ToJsonString());
    }

    [Fact]
    public void K1_EmbeddedResource_KeepsTypeMetaAndMetadata()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"other":1}}}""");
        Assert.Equal(["spec.template.other"], s.Outcome.UnknownFields);
        Assert.NotNull(s.Object["spec"]!["template"]!["kind"]);
    }

    [Fact]
    public void K1_KnownObject_IsUntouched()
    {
        var body = """{"apiVersion":"x/v1","kind":"W","metadata":{"name":"w"},"spec":{"name":"a"}}""";
        var s = SchemaScenario.Admit(s_schema, body);
        Assert.Empty(s.Outcome.UnknownFields);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), s.Object));
    }
}
