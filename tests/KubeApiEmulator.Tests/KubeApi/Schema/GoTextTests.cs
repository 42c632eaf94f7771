using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>Go's value printing inside kube-apiserver messages (K3): `%v` floats and `%q` strings.</summary>
public sealed class GoTextTests
{
    [Theory]
    [InlineData(10.0, "10")]
    [InlineData(0.5, "0.5")]
    [InlineData(123456.0, "123456")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(1e21, "1e+21")]
    public void K3_Float_PrintsLikeGoPercentV(double value, string expected) => Assert.Equal(expected, GoText.Float(value));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\there\n", "\"tab\\there\\n\"")]
    [InlineData("\u001b", "\"\\x1b\"")]
    [InlineData("héllo", "\"héllo\"")]
    public void K3_Quote_MatchesGoStrconvQuote(string value, string expected) => Assert.Equal(expected, GoText.Quote(value));

    [Fact]
    public void K3_ClrBuiltNumbers_AreReadLikeParsedOnes()
    {
        var s = SchemaScenario.Spec("\"replicas\":{\"type\":\"integer\",\"maximum\":10}");
        var crd = CrdSchema.Parse(JsonNode.Parse(s)!.AsObject());
        var obj = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 15 } };
        var cause = Assert.Single(crd.Admit(obj, null, statusOnly: false).Causes);
        Assert.Equal("Invalid value: 15: spec.replicas in body should be less than or equal to 10", cause.Message);
    }
}
