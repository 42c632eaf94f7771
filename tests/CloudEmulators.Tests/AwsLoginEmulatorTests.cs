using System.Net;
using System.Text;

namespace Operator.Testing.Tests.Clouds;

/// <summary>The aws-login emulator's refusals of malformed requests.</summary>
public sealed class AwsLoginEmulatorTests(VendorEmulatorsFixture clouds) : IClassFixture<VendorEmulatorsFixture>
{
    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string json)
    {
        using var client = clouds.Host.CreateHttpClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("aws-login", content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""["a"]""")]
    [InlineData("""{"aws_access_key_id":"ASIA"}""")]
    [InlineData("""{"iam_request_headers":"e30=","iam_http_request_method":"POST","iam_request_url":"aHR0cHM6Ly9ldmlsLmV4YW1wbGUuY29tLw==","iam_request_body":""}""")]
    public async Task MalformedRequest_Is400WithADetail(string json)
    {
        var (status, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"detail\":", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidCredentials_GetTheDocumentedFields()
    {
        var credentials = clouds.Session("gpu-reservations");

        var (status, body) = await PostAsync($$"""
            {"aws_access_key_id":"{{credentials.AccessKeyId}}","aws_secret_access_key":"{{credentials.SecretAccessKey}}","aws_session_token":"{{credentials.SessionToken}}"}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var field in new[] { "api_key", "key_prefix", "username", "aws_arn", "expires_at", "ttl_hours" })
        {
            Assert.Contains($"\"{field}\":", body, StringComparison.Ordinal);
        }
    }
}
