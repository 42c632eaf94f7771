using System.Net;

namespace Operator.Testing.Tests.Clouds;

/// <summary>The SingleStore emulator's refusals, in the service's <c>{"message"}</c> shape.</summary>
public sealed class SingleStoreEmulatorTests(VendorEmulatorsFixture clouds) : IClassFixture<VendorEmulatorsFixture>
{
    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, bool withIdentity)
    {
        using var client = clouds.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (withIdentity)
        {
            var credentials = clouds.Session("analytics");
            request.Headers.Add("X-AWS-Access-Key-ID", credentials.AccessKeyId);
            request.Headers.Add("X-AWS-Secret-Access-Key", credentials.SecretAccessKey);
            request.Headers.Add("X-AWS-Session-Token", credentials.SessionToken);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NoIdentityHeaders_Is401()
    {
        var (status, body) = await PostAsync("auth/iam/api", withIdentity: false);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"message":"no valid cloud provider authentication found in request"}""", body);
    }

    [Fact]
    public async Task DatabaseJwtWithoutWorkspaceGroup_Is400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("auth/iam/database", withIdentity: true)).Status);

    [Fact]
    public async Task UnknownJwtType_Is404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("auth/iam/other", withIdentity: true)).Status);

    [Fact]
    public async Task ValidIdentity_GetsAJwt()
    {
        var (status, body) = await PostAsync("auth/iam/database?workspaceGroupID=wg-1", withIdentity: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("{\"jwt\":\"eyJ", body, StringComparison.Ordinal);
    }
}
