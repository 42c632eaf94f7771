using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>How plain YAML scalars in an apply patch are typed.</summary>
public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void NonFiniteNumberWords_StayStrings(string word)
    {
        var json = YamlToJson.Convert($"value: {word}")!;

        Assert.Equal($$"""{"value":"{{word}}"}""", json.ToJsonString());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    [InlineData("~")]
    public void NullSpellings_AreNull(string word)
    {
        var json = YamlToJson.Convert($"value: {word}")!;

        Assert.Equal("""{"value":null}""", json.ToJsonString());
    }

    [Fact]
    public void Numbers_AreTyped_QuotedScalarsStayStrings()
    {
        var json = YamlToJson.Convert("int: 3\nfloat: 1.5\nquoted: \"NaN\"")!;

        Assert.Equal("""{"int":3,"float":1.5,"quoted":"NaN"}""", json.ToJsonString());
    }
}
