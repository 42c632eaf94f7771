namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>How x-kubernetes-validations results become causes (docs/emulators.md §1.4, K4).</summary>
public sealed class ValidationRuleTests
{
    private static readonly string s_schema = """
        {"type":"object","properties":{
          "spec":{"type":"object",
            "x-kubernetes-validations":[
              {"rule":"!has(self.replicas) || !has(self.maxReplicas) || self.replicas <= self.maxReplicas","message":"replicas should be smaller than or equal to maxReplicas."},
              {"rule":"!has(self.mode) || self.mode != 'off' || self.replicas == 0","messageExpression":"'mode off needs 0 replicas, got ' + string(self.replicas)","fieldPath":".replicas","reason":"FieldValueForbidden"}
            ],
            "properties":{
              "replicas":{"type":"integer"},
              "maxReplicas":{"type":"integer"},
              "mode":{"type":"string","enum":["on","off"]},
              "name":{"type":"string","x-kubernetes-validations":[{"rule":"self == self.lowerAscii()"}]},
              "immutable":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"is immutable"}]},
              "labels":{"type":"object","additionalProperties":{"type":"string","x-kubernetes-validations":[{"rule":"size(self) < 4","reason":"FieldValueRequired","message":"short"}]}},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer","x-kubernetes-validations":[{"rule":"self >= oldSelf","message":"may not decrease"}]}}}},
              "lookup":{"type":"object","x-kubernetes-validations":[{"rule":"self.key == 'x'"}],"properties":{"key":{"type":"string"}}},
              "fancy":{"type":"string","x-kubernetes-validations":[{"rule":"self.format([1]) == 'x'"},{"rule":"self != 'bad'","messageExpression":"self.format([1])"}]}
            }},
          "status":{"type":"object","properties":{"phase":{"type":"string","x-kubernetes-validations":[{"rule":"self != 'Broken'"}]}}}
        },
        "x-kubernetes-validations":[{"rule":"self.metadata.name.startsWith('w')","message":"name must start with w"}]}
        """;

    private static SchemaScenario Admit(string spec, string? oldSpec = null, string name = "w1", string extra = "") =>
        SchemaScenario.Admit(
            s_schema,
            $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}{{{extra}}}}""",
            oldSpec is null ? null : $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{oldSpec}}}}""");

    [Fact]
    public void K4_FailedRuleOnObject_OmitsTheValue()
    {
        var s = Admit("""{"replicas":5,"maxReplicas":3}""");
        var cause = Assert.Single(s.Outcome.Causes);
        Assert.Equal(new("FieldValueInvalid", "Invalid value: replicas should be smaller than or equal to maxReplicas.", "spec"), cause);
    }

    [Fact]
    public void K4_FailedRuleOnScalar_ShowsTheValueAndDefaultMessage() =>
        Assert.Equal(["spec.name: Invalid value: \"Web\": failed rule: self == self.lowerAscii()"], Admit("""{"name":"Web"}""").Messages);

    [Fact]
    public void K4_MessageExpressionReasonAndFieldPath_ShapeTheCause()
    {
        var cause = Assert.Single(Admit("""{"replicas":2,"maxReplicas":3,"mode":"off"}""").Outcome.Causes);
        Assert.Equal(new("FieldValueForbidden", "Forbidden: mode off needs 0 replicas, got 2", "spec.replicas"), cause);
    }

    [Fact]
    public void K4_MapValueRule_UsesKeyPathAndRequiredReason() =>
        Assert.Equal(["spec.labels[team]: Required value: short"], Admit("""{"labels":{"app":"web","team":"platform"}}""").Messages);

    [Fact]
    public void K4_RootRule_SeesMetadataNameAndReportsAtNilPath() =>
        Assert.Equal(["<nil>: Invalid value: name must start with w"], Admit("{}", name: "x1").Messages);

    [Fact]
    public void K4_TransitionRule_IsSkippedOnCreate() =>
        Assert.Empty(Admit("""{"immutable":"a"}""").Outcome.Causes);

    [Fact]
    public void K4_TransitionRule_RunsOnUpdate() =>
        Assert.Equal(["spec.immutable: Invalid value: \"b\": is immutable"], Admit("""{"immutable":"b"}""", """{"immutable":"a"}""").Messages);

    [Fact]
    public void K4_TransitionRule_IsSkippedWhenTheFieldIsNew() =>
        Assert.Empty(Admit("""{"immutable":"b"}""", "{}").Outcome.Causes);

    [Fact]
    public void K4_MapListItems_CorrelateByKeyForOldSelf()
    {
        var s = Admit("""{"ports":[{"name":"b","port":1},{"name":"a","port":80}]}""", """{"ports":[{"name":"a","port":81},{"name":"b","port":1}]}""");
        Assert.Equal(["spec.ports[1].port: Invalid value: 80: may not decrease"], s.Messages);
    }

    [Fact]
    public void K4_UnchangedInvalidValue_IsRatchetedOnUpdate()
    {
        Assert.Empty(Admit("""{"name":"Web","replicas":1}""", """{"name":"Web"}""").Outcome.Causes);
        Assert.Single(Admit("""{"name":"Web2"}""", """{"name":"Web"}""").Outcome.Causes);
    }

    [Fact]
    public void K4_RuntimeError_BecomesInvalidCauseWithTheSchemaType() =>
        Assert.Equal(["spec.lookup: Invalid value: \"object\": no such key: key evaluating rule: self.key == 'x'"], Admit("""{"lookup":{}}""").Messages);

    [Fact]
    public void K4_RulesAfterBlockingSchemaErrors_AreSkippedWithOneExtraCause()
    {
        var s = Admit("""{"replicas":5,"maxReplicas":3,"mode":"x"}""");
        Assert.Equal(
            ["spec.mode: Unsupported value: \"x\": supported values: \"on\", \"off\"",
             "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"],
            s.Messages);
    }

    [Fact]
    public void K4_RuleOutsideTheSubset_IsReportedUnevaluatedNotFailed()
    {
        var s = Admit("""{"fancy":"ok"}""");
        Assert.Empty(s.Outcome.Causes);
        Assert.Equal(["self.format([1]) == 'x'"], s.Outcome.UnevaluatedRules);
    }

    [Fact]
    public void K4_UnsupportedMessageExpression_FallsBackToTheDefaultMessage()
    {
        var s = Admit("""{"fancy":"bad"}""");
        Assert.Equal(["spec.fancy: Invalid value: \"bad\": failed rule: self != 'bad'"], s.Messages);
        Assert.Contains("self.format([1])", s.Outcome.UnevaluatedRules);
    }

    [Fact]
    public void K4_StatusWrite_ValidatesOnlyStatusAndRootRules()
    {
        var s = SchemaScenario.Admit(
            s_schema,
            """{"metadata":{"name":"w1"},"spec":{"replicas":"not-an-int","name":"Web"},"status":{"phase":"Broken"}}""",
            """{"metadata":{"name":"w1"},"spec":{"replicas":"not-an-int","name":"Web"},"status":{}}""",
            statusOnly: true);
        Assert.Equal(["status.phase: Invalid value: \"Broken\": failed rule: self != 'Broken'"], s.Messages);
    }

    [Theory]
    [InlineData("5m", "spec.ttl: Invalid value: \"5m\": spec.ttl must be between 10m and 24h")]
    [InlineData("1h", null)]
    [InlineData("25h", "spec.ttl: Invalid value: \"25h\": spec.ttl must be between 10m and 24h")]
    public void K4_DurationRule_ComparesParsedDurations(string ttl, string? expected)
    {
        var schema = SchemaScenario.Spec("""
            "ttl":{"type":"string","default":"1h","x-kubernetes-validations":[{"rule":"duration(self) >= duration('10m') && duration(self) <= duration('24h')","message":"spec.ttl must be between 10m and 24h"}]}
            """);
        var s = SchemaScenario.Admit(schema, $$$"""{"spec":{"ttl":"{{{ttl}}}"}}""");
        Assert.Equal(expected is null ? [] : [expected], s.Messages);
    }

    [Fact]
    public void K4_StatusWrite_StillPrunesAndReportsUnknownFieldsEverywhere()
    {
        var s = SchemaScenario.Admit(
            s_schema,
            """{"metadata":{"name":"w1"},"spec":{"junk":1},"status":{"phase":"Ok","junk":2}}""",
            """{"metadata":{"name":"w1"},"spec":{},"status":{}}""",
            statusOnly: true);
        Assert.Equal(["spec.junk", "status.junk"], s.Outcome.UnknownFields);
        Assert.Empty(s.Outcome.Causes);
    }
}
