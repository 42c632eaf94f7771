namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>allOf/anyOf/oneOf/not as value validations (K3).</summary>
public sealed class CombinatorTests
{
    private static readonly string s_schema = SchemaScenario.Spec("""
        "any":{"type":"string","anyOf":[{"maxLength":2},{"pattern":"^x"}]},
        "one":{"type":"integer","oneOf":[{"minimum":5},{"maximum":10}]},
        "all":{"type":"integer","allOf":[{"minimum":1},{"multipleOf":2}]},
        "not":{"type":"string","not":{"enum":["forbidden"]}},
        "choice":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"oneOf":[{"required":["a"]},{"required":["b"]}]}
        """);

    private static string[] Causes(string spec) => [.. SchemaScenario.Admit(s_schema, $$"""{"spec":{{spec}}}""").Messages];

    [Theory]
    [InlineData("""{"any":"ab"}""")]
    [InlineData("""{"any":"xyz"}""")]
    [InlineData("""{"one":3}""")]
    [InlineData("""{"one":12}""")]
    [InlineData("""{"all":4}""")]
    [InlineData("""{"not":"fine"}""")]
    [InlineData("""{"choice":{"a":"1"}}""")]
    public void K3_SatisfiedCombinator_HasNoCauses(string spec) => Assert.Empty(Causes(spec));

    [Fact]
    public void K3_AnyOf_ReportsCompositeAndClosestBranch() =>
        Assert.Equal(
            ["spec.any: Invalid value: \"\": \"spec.any\" must validate at least one schema (anyOf)",
             "spec.any: Too long: may not be more than 2 bytes"],
            Causes("""{"any":"abc"}""").Take(2));

    [Fact]
    public void K3_OneOf_ReportsMoreThanOneMatch() =>
        Assert.Equal(["spec.one: Invalid value: \"\": \"spec.one\" must validate one and only one schema (oneOf). Found 2 valid alternatives"], Causes("""{"one":7}"""));

    [Fact]
    public void K3_AllOf_ReportsBranchErrorsThenComposite() =>
        Assert.Equal(
            ["spec.all: Invalid value: 3: spec.all in body should be a multiple of 2",
             "spec.all: Invalid value: \"\": \"spec.all\" must validate all the schemas (allOf)"],
            Causes("""{"all":3}"""));

    [Fact]
    public void K3_Not_ReportsWhenTheSchemaMatches() =>
        Assert.Equal(["spec.not: Invalid value: \"\": \"spec.not\" must not validate the schema (not)"], Causes("""{"not":"forbidden"}"""));

    [Fact]
    public void K3_OneOfRequired_WithBothPresent_IsRejected() =>
        Assert.Contains("spec.choice: Invalid value: \"\": \"spec.choice\" must validate one and only one schema (oneOf). Found 2 valid alternatives", Causes("""{"choice":{"a":"1","b":"2"}}"""));
}
