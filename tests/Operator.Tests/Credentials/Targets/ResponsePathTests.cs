using System.Text.Json.Nodes;
using Operator.Credentials.Targets;

namespace Operator.Tests.Credentials.Targets;

public sealed class ResponsePathTests
{
    private static readonly JsonNode s_body = JsonNode.Parse("""
        {"data":{"attributes":{"access_token":"abc","expires":"1700000000","n":42,"flag":true,"empty":"","nil":null,"obj":{},"arr":[1]}},
         "expires_at":"2026-08-05T13:34:56Z","offset":"2026-08-05T15:34:56+02:00","local":"2026-08-05T13:34:56",
         "seconds":1700000000,"expires_in":3600,"expires_in_text":"90","zero":0,"negative":-5}
        """)!;

    [Theory]
    [InlineData("data.attributes.access_token", "abc")]
    [InlineData("data.attributes.expires", "1700000000")]
    [InlineData("data.attributes.n", "42")]
    [InlineData("data.attributes.flag", "true")]
    [InlineData("data.attributes.empty", null)]
    [InlineData("data.attributes.nil", null)]
    [InlineData("data.attributes.obj", null)]
    [InlineData("data.attributes.arr", null)]
    [InlineData("data.attributes.missing", null)]
    [InlineData("data.attributes.access_token.deeper", null)]
    [InlineData("nothing", null)]
    public void Text_Path_ReadsScalarsOnly(string path, string? expected) =>
        Assert.Equal(expected, ResponsePath.Text(s_body, path));

    [Theory]
    [InlineData("expires_at", "2026-08-05T13:34:56Z")]
    [InlineData("offset", "2026-08-05T13:34:56Z")]
    [InlineData("data.attributes.expires", "2023-11-14T22:13:20Z")]
    [InlineData("seconds", "2023-11-14T22:13:20Z")]
    [InlineData("local", null)]
    [InlineData("data.attributes.access_token", null)]
    [InlineData("zero", null)]
    [InlineData("negative", null)]
    [InlineData("missing", null)]
    public void ExpiresAt_Rfc3339OrUnixSeconds_IsReadWithItsOffset(string path, string? expected) =>
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ResponsePath.ExpiresAt(s_body, path));

    [Theory]
    [InlineData("expires_in", 3600)]
    [InlineData("expires_in_text", 90)]
    [InlineData("zero", null)]
    [InlineData("negative", null)]
    [InlineData("expires_at", null)]
    [InlineData("missing", null)]
    public void ExpiresIn_PositiveSeconds_IsALifetime(string path, int? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), ResponsePath.ExpiresIn(s_body, path));
}
