using System.Text;
using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.Http;

namespace Operator.Tests.Credentials.Targets;

public sealed class HttpResponseReaderTests
{
    private static readonly DateTimeOffset s_now = new(2026, 8, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly HttpResponseMapping s_awsLogin = new()
    {
        TokenPath = "api_key",
        TokenKey = "api-key",
        ExpiresAtPath = "expires_at",
        ExtraKeys = [new HttpExtraKey { Key = "username", Path = "username" }, new HttpExtraKey { Key = "ttl", Path = "ttl_hours" }],
    };

    [Fact]
    public void Read_AwsLoginAnswer_WritesTokenExtrasAndExpiration()
    {
        var read = HttpResponseReader.Read(s_awsLogin, Reply("""{"api_key":"k-1","username":"alice","ttl_hours":1,"expires_at":"2026-08-05T13:00:00Z"}"""), s_now);

        Assert.True(read.Succeeded);
        Assert.Equal(s_now.AddHours(1), read.Value!.ExpiresAt);
        Assert.Equal(["api-key", "expiration", "ttl", "username"], read.Value.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("k-1", Text(read.Value.Data["api-key"]));
        Assert.Equal("1", Text(read.Value.Data["ttl"]));
        Assert.Equal("2026-08-05T13:00:00Z", Text(read.Value.Data["expiration"]));
    }

    [Fact]
    public void Read_ExpiresIn_CountsFromNow()
    {
        var mapping = new HttpResponseMapping { TokenPath = "access_token", ExpiresInPath = "expires_in" };

        var read = HttpResponseReader.Read(mapping, Reply("""{"access_token":"t","expires_in":600}"""), s_now);

        Assert.Equal(s_now.AddMinutes(10), read.Value!.ExpiresAt);
        Assert.Equal("t", Text(read.Value.Data[HttpResponseMapping.DefaultTokenKey]));
    }

    [Theory]
    [InlineData("""{"username":"alice","ttl_hours":1,"expires_at":"2026-08-05T13:00:00Z"}""", "no token at api_key")]
    [InlineData("""{"api_key":"k","username":"alice","ttl_hours":1}""", "no usable expiry at expires_at")]
    [InlineData("""{"api_key":"k","username":"alice","ttl_hours":1,"expires_at":"tomorrow"}""", "no usable expiry at expires_at")]
    [InlineData("""{"api_key":"k","username":"alice","ttl_hours":1,"expires_at":"2026-08-05T11:00:00Z"}""", "already passed")]
    [InlineData("""{"api_key":"k","ttl_hours":1,"expires_at":"2026-08-05T13:00:00Z"}""", "no value at username")]
    public void Read_AnswerMissingWhatTheMappingNames_IsExchangeFailed(string body, string expected)
    {
        var read = HttpResponseReader.Read(s_awsLogin, Reply(body), s_now);

        Assert.Equal(CredentialReasons.ExchangeFailed, read.Failure?.Reason);
        Assert.Contains(expected, read.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"k\"", read.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MappingWithoutExpiryPath_IsInvalidSpecNotAGuess()
    {
        var read = HttpResponseReader.Read(new HttpResponseMapping { TokenPath = "t" }, Reply("""{"t":"x"}"""), s_now);

        Assert.Equal(CredentialReasons.InvalidSpec, read.Failure?.Reason);
    }

    [Fact]
    public void Read_ExtraKeyNamedLikeTheToken_CannotOverwriteTheToken()
    {
        var mapping = s_awsLogin with { ExtraKeys = [new HttpExtraKey { Key = "api-key", Path = "username" }] };

        var read = HttpResponseReader.Read(mapping, Reply("""{"api_key":"k-1","username":"alice","expires_at":"2026-08-05T13:00:00Z"}"""), s_now);

        Assert.Equal("k-1", Text(read.Value!.Data["api-key"]));
    }

    private static TokenEndpointReply Reply(string json) => new(200, JsonNode.Parse(json)!);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
