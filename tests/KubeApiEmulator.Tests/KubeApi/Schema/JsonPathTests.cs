using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Operator.Testing.KubeApi.Schema.Printing;

namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>The JSONPath subset of additionalPrinterColumns and the cells the server computes from it.</summary>
public sealed class JsonPathTests
{
    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonNode s_obj = JsonNode.Parse("""
        {"metadata":{"name":"c1","creationTimestamp":"2026-11-23T09:00:00Z","labels":{"app.kubernetes.io/name":"x"}},
         "spec":{"provider":{"aws":{"roleArn":"arn:aws:iam::1:role/r"}},"target":{"secretName":"s"},"refreshRatio":0.5,"replicas":3},
         "status":{"conditions":[{"type":"Synced","status":"True"},{"type":"Ready","status":"False","reason":"Expired"}],
                   "expiresAt":"2026-11-23T12:30:00Z","ok":true,"items":[1,2,3]}}
        """)!;

    [Theory]
    [InlineData(".metadata.name", "[\"c1\"]")]
    [InlineData("{.metadata.name}", "[\"c1\"]")]
    [InlineData(".spec.provider.aws", "[{\"roleArn\":\"arn:aws:iam::1:role/r\"}]")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "[\"False\"]")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "[\"True\"]")]
    [InlineData(".status.conditions[?(@.reason)].type", "[\"Ready\"]")]
    [InlineData(".status.conditions[*].type", "[\"Synced\",\"Ready\"]")]
    [InlineData(".status.conditions[-1].type", "[\"Ready\"]")]
    [InlineData(".status.items[0:2]", "[1,2]")]
    [InlineData(".status.items[?(@ > 1)]", "[2,3]")]
    [InlineData(".spec.provider.*", "[{\"roleArn\":\"arn:aws:iam::1:role/r\"}]")]
    [InlineData("..secretName", "[\"s\"]")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "[\"x\"]")]
    [InlineData(".metadata.labels.app\\.kubernetes\\.io/name", "[\"x\"]")]
    [InlineData(".spec.missing.deeper", "[]")]
    [InlineData(".status.conditions[5]", "[]")]
    public void K5_JsonPath_SelectsValues(string path, string expected) =>
        Assert.Equal(expected, new JsonArray([.. JsonPathExpression.Parse(path).Evaluate(s_obj).Select(n => n?.DeepClone())]).ToJsonString());

    [Theory]
    [InlineData(".a[0,1]")]
    [InlineData(".a[?(x)]")]
    [InlineData(".a[0")]
    public void K5_JsonPath_OutsideTheSubset_IsRejected(string path) =>
        Assert.Throws<FormatException>(() => JsonPathExpression.Parse(path));

    [Theory]
    [InlineData("string", ".status.conditions[?(@.type==\"Ready\")].status", "\"False\"")]
    [InlineData("string", ".spec.provider.aws", "\"{\\\"roleArn\\\":\\\"arn:aws:iam::1:role/r\\\"}\"")]
    [InlineData("string", ".spec.replicas", "\"3\"")]
    [InlineData("integer", ".spec.replicas", "3")]
    [InlineData("integer", ".spec.refreshRatio", "0")]
    [InlineData("number", ".spec.refreshRatio", "0.5")]
    [InlineData("boolean", ".status.ok", "true")]
    [InlineData("boolean", ".metadata.name", "null")]
    [InlineData("date", ".metadata.creationTimestamp", "\"3h\"")]
    [InlineData("date", ".status.expiresAt", "\"<invalid>\"")]
    [InlineData("string", ".spec.missing", "null")]
    public void K5_PrinterColumnCell_ConvertsByColumnType(string type, string path, string expected)
    {
        var now = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cell = PrinterColumnCell.Compute(type, JsonPathExpression.Parse(path), s_obj, now);
        Assert.Equal(expected, cell?.ToJsonString(s_relaxed) ?? "null");
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(5 * 60, "5m")]
    [InlineData(5 * 60 + 7, "5m7s")]
    [InlineData(45 * 60, "45m")]
    [InlineData(3 * 3600 + 20 * 60, "3h20m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(50 * 3600, "2d2h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(800 * 86400, "2y70d")]
    [InlineData(-1, "0s")]
    [InlineData(-5, "<invalid>")]
    public void K5_HumanDuration_MatchesKubectlAge(int seconds, string expected) =>
        Assert.Equal(expected, PrinterColumnCell.HumanDuration(TimeSpan.FromSeconds(seconds)));
}
