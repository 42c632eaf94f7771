using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;
using YamlDotNet.Core;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>How plain YAML scalars in an apply patch (and in the manifests the tests read) are typed.</summary>
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

    [Fact]
    public void Documents_ReadsEveryDocumentOfAStream_WithTheSameRules()
    {
        var documents = YamlToJson.Documents("a: NaN\n---\nb: 2\n---\nc: Null\n");

        Assert.Equal(["""{"a":"NaN"}""", """{"b":2}""", """{"c":null}"""], documents.Select(d => d!.ToJsonString()));
    }

    [Fact]
    public void MalformedYaml_IsABadRequestForApply_AndAYamlErrorForManifests()
    {
        const string Malformed = "a: [1, 2";

        var error = Assert.Throws<KubeApiException>(() => YamlToJson.Convert(Malformed));

        Assert.Equal(400, error.Code);
        Assert.StartsWith("error decoding YAML: ", error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<YamlException>(() => YamlToJson.Documents(Malformed));
    }
}
