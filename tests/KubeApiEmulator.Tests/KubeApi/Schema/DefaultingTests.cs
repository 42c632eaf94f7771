namespace Operator.Testing.Tests.KubeApi.Schema;

public sealed class DefaultingTests
{
    private static readonly string s_schema = SchemaScenario.Spec("""
        "replicas":{"type":"integer","default":1},
        "mode":{"type":"string","default":"auto"},
        "note":{"type":"string"},
        "maybe":{"type":"string","nullable":true,"default":"d"},
        "nested":{"type":"object","properties":{"level":{"type":"string","default":"info"}}},
        "withDefaultObject":{"type":"object","default":{},"properties":{"inner":{"type":"integer","default":7}}},
        "items":{"type":"array","items":{"type":"object","properties":{"w":{"type":"integer","default":5}}}}
        """);

    [Fact]
    public void K2_AbsentFields_GetTheirDefaults()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{}}""");
        Assert.Equal(1, (int)s.Object["spec"]!["replicas"]!);
        Assert.Equal("auto", (string)s.Object["spec"]!["mode"]!);
    }

    [Fact]
    public void K2_NestedDefaults_ApplyOnlyWhenTheParentObjectExists()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{}}""");
        Assert.False(s.Object["spec"]!.AsObject().ContainsKey("nested"));
        var present = SchemaScenario.Admit(s_schema, """{"spec":{"nested":{}}}""");
        Assert.Equal("info", (string)present.Object["spec"]!["nested"]!["level"]!);
    }

    [Fact]
    public void K2_DefaultedObject_IsDefaultedFurther()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{}}""");
        Assert.Equal("""{"inner":7}""", s.Object["spec"]!["withDefaultObject"]!.ToJsonString());
    }

    [Fact]
    public void K2_NullInNonNullableField_IsReplacedByDefault()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"replicas":null}}""");
        Assert.Equal(1, (int)s.Object["spec"]!["replicas"]!);
        Assert.Empty(s.Outcome.Causes);
    }

    [Fact]
    public void K2_NullInNonNullableFieldWithoutDefault_IsPruned()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"note":null}}""");
        Assert.False(s.Object["spec"]!.AsObject().ContainsKey("note"));
        Assert.Empty(s.Outcome.Causes);
    }

    [Fact]
    public void K2_NullInNullableField_IsKept()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"maybe":null}}""");
        Assert.True(s.Object["spec"]!.AsObject().ContainsKey("maybe"));
        Assert.Null(s.Object["spec"]!["maybe"]);
    }

    [Fact]
    public void K2_ArrayItems_AreDefaulted()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"items":[{},{"w":2}]}}""");
        Assert.Equal("""[{"w":5},{"w":2}]""", s.Object["spec"]!["items"]!.ToJsonString());
    }
}
