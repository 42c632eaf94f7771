namespace Operator.Testing.Tests.KubeApi.Schema;

public sealed class ValidationTests
{
    private static readonly string s_schema = SchemaScenario.Spec("""
        "replicas":{"type":"integer","minimum":1,"maximum":10},
        "ratio":{"type":"number","exclusiveMinimum":true,"minimum":0,"exclusiveMaximum":true,"maximum":1},
        "step":{"type":"integer","multipleOf":5},
        "big":{"type":"number","maximum":1000000},
        "name":{"type":"string","pattern":"^[a-z]+$","minLength":2,"maxLength":63},
        "mode":{"type":"string","enum":["a","b"]},
        "level":{"type":"integer","enum":[1,2]},
        "port":{"x-kubernetes-int-or-string":true},
        "flag":{"type":"boolean"},
        "tags":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"string"}},
        "props":{"type":"object","minProperties":1,"maxProperties":2,"additionalProperties":{"type":"string","maxLength":3}},
        "when":{"type":"string","format":"date-time"},
        "every":{"type":"string","format":"duration"},
        "host":{"type":"string","format":"hostname"},
        "id":{"type":"string","format":"uuid"},
        "link":{"type":"string","format":"uri"},
        "set":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
        "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"n":{"type":"integer"}}}},
        "nullable":{"type":"string","nullable":true},
        "objs":{"type":"array","items":{"type":"object","required":["id"],"properties":{"id":{"type":"string","maxLength":2}}}}
        """, ",\"required\":[\"flag\"]");

    private static string[] Causes(string spec) =>
        [.. SchemaScenario.Admit(s_schema, $$$"""{"spec":{"flag":true,{{{spec}}}}}""").Messages];

    [Theory]
    [InlineData("\"replicas\":15", "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10")]
    [InlineData("\"replicas\":0", "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1")]
    [InlineData("\"ratio\":1", "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1")]
    [InlineData("\"ratio\":0", "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0")]
    [InlineData("\"ratio\":1.5", "spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1")]
    [InlineData("\"step\":7", "spec.step: Invalid value: 7: spec.step in body should be a multiple of 5")]
    [InlineData("\"big\":2000000", "spec.big: Invalid value: 2000000: spec.big in body should be less than or equal to 1000000")]
    [InlineData("\"big\":2000000.5", "spec.big: Invalid value: 2.0000005e+06: spec.big in body should be less than or equal to 1e+06")]
    [InlineData("\"name\":\"ABC\"", "spec.name: Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'")]
    [InlineData("\"name\":\"abc\\n\"", "spec.name: Invalid value: \"abc\\n\": spec.name in body should match '^[a-z]+$'")]
    [InlineData("\"name\":\"a\"", "spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long")]
    [InlineData("\"mode\":\"x\"", "spec.mode: Unsupported value: \"x\": supported values: \"a\", \"b\"")]
    [InlineData("\"level\":3", "spec.level: Unsupported value: 3: supported values: \"1\", \"2\"")]
    [InlineData("\"replicas\":\"string\"", "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"")]
    [InlineData("\"replicas\":1.5", "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"")]
    [InlineData("\"replicas\":true", "spec.replicas: Invalid value: \"boolean\": spec.replicas in body must be of type integer: \"boolean\"")]
    [InlineData("\"replicas\":{}", "spec.replicas: Invalid value: \"object\": spec.replicas in body must be of type integer: \"object\"")]
    [InlineData("\"port\":true", "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"")]
    [InlineData("\"tags\":[]", "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items")]
    [InlineData("\"tags\":[\"a\",\"b\",\"c\",\"d\"]", "spec.tags: Too many: 4: must have at most 3 items")]
    [InlineData("\"tags\":[\"a\",1]", "spec.tags[1]: Invalid value: \"integer\": spec.tags[1] in body must be of type string: \"integer\"")]
    [InlineData("\"props\":{}", "spec.props: Invalid value: 0: spec.props in body should have at least 1 properties")]
    [InlineData("\"props\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}", "spec.props: Too many: 3: must have at most 2 items")]
    [InlineData("\"props\":{\"a\":\"long\"}", "spec.props.a: Too long: may not be more than 3 bytes")]
    [InlineData("\"when\":\"yesterday\"", "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"")]
    [InlineData("\"every\":\"soon\"", "spec.every: Invalid value: \"soon\": spec.every in body must be of type duration: \"soon\"")]
    [InlineData("\"host\":\"-bad-\"", "spec.host: Invalid value: \"-bad-\": spec.host in body must be of type hostname: \"-bad-\"")]
    [InlineData("\"id\":\"nope\"", "spec.id: Invalid value: \"nope\": spec.id in body must be of type uuid: \"nope\"")]
    [InlineData("\"set\":[\"a\",\"b\",\"a\"]", "spec.set[2]: Duplicate value: \"a\"")]
    [InlineData("\"ports\":[{\"name\":\"http\",\"n\":1},{\"name\":\"http\",\"n\":2}]", "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}")]
    [InlineData("\"tags\":[null]", "spec.tags[0]: Invalid value: \"null\": spec.tags[0] in body must be of type string: \"null\"")]
    [InlineData("\"objs\":[{}]", "spec.objs[0].id: Required value")]
    [InlineData("\"objs\":[{\"id\":\"abc\"}]", "spec.objs[0].id: Too long: may not be more than 2 bytes")]
    public void K3_Keyword_ProducesUpstreamCause(string spec, string expected) =>
        Assert.Contains(expected, Causes(spec));

    [Theory]
    [InlineData("\"replicas\":10")]
    [InlineData("\"replicas\":2.0")]
    [InlineData("\"ratio\":0.5")]
    [InlineData("\"step\":15")]
    [InlineData("\"name\":\"abc\"")]
    [InlineData("\"mode\":\"b\"")]
    [InlineData("\"port\":80")]
    [InlineData("\"port\":\"http\"")]
    [InlineData("\"when\":\"2024-05-01T12:00:00Z\"")]
    [InlineData("\"when\":\"2024-05-01T12:00:00.123+02:00\"")]
    [InlineData("\"every\":\"1h30m\"")]
    [InlineData("\"host\":\"example.com\"")]
    [InlineData("\"id\":\"123e4567-e89b-12d3-a456-426614174000\"")]
    [InlineData("\"link\":\"https://example.com/a?b=c\"")]
    [InlineData("\"nullable\":null")]
    [InlineData("\"ports\":[{\"name\":\"a\"},{\"name\":\"b\"}]")]
    public void K3_ValidValue_HasNoCauses(string spec) => Assert.Empty(Causes(spec));

    [Fact]
    public void K3_MaxLength_CountsRunesNotBytes() =>
        Assert.Empty(Causes("\"props\":{\"a\":\"ééé\"}"));

    [Fact]
    public void K3_MissingRequired_IsRequiredValueAndSkipsRules()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{}}""");
        Assert.Equal(
            ["spec.flag: Required value",
             "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"],
            s.Messages);
        Assert.Equal(["FieldValueRequired", "FieldValueInvalid"], s.Outcome.Causes.Select(c => c.Reason));
    }

    [Fact]
    public void K3_InvalidValueErrors_DoNotBlockRules()
    {
        var causes = Causes("\"replicas\":15");
        Assert.Single(causes);
    }

    [Fact]
    public void K3_SeveralErrors_AreAllReportedWithTheirReasons()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"flag":true,"step":3,"mode":"x","replicas":"s","tags":["a","b","c","d"],"props":{"a":"long"}}}""");
        Assert.Equal(
            ["FieldValueInvalid", "FieldValueNotSupported", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"],
            s.Outcome.Causes.Select(c => c.Reason).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void K3_UnchangedInvalidValueOnUpdate_IsRatcheted()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"flag":true,"replicas":15,"mode":"b"}}""", """{"spec":{"flag":true,"replicas":15,"mode":"a"}}""");
        Assert.Empty(s.Outcome.Causes);
    }

    [Fact]
    public void K3_ChangedInvalidValueOnUpdate_IsReported()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"flag":true,"replicas":16}}""", """{"spec":{"flag":true,"replicas":15}}""");
        Assert.Equal(["spec.replicas: Invalid value: 16: spec.replicas in body should be less than or equal to 10"], s.Messages);
    }

    [Fact]
    public void K3_AtomicListItems_DoNotCorrelateForRatcheting()
    {
        var s = SchemaScenario.Admit(s_schema, """{"spec":{"flag":true,"objs":[{"id":"abc"},{"id":"z"}]}}""", """{"spec":{"flag":true,"objs":[{"id":"abc"}]}}""");
        Assert.Contains("spec.objs[0].id: Too long: may not be more than 2 bytes", s.Messages);
    }
}
