using System.Net;
using System.Text;

namespace Operator.Testing.Tests.Clouds;

/// <summary>The Datadog emulator refuses what the real backend must refuse, and accepts the clients' spelling variants.</summary>
public sealed class DatadogEmulatorTests(VendorEmulatorsFixture clouds) : IClassFixture<VendorEmulatorsFixture>
{
    private async Task<(HttpStatusCode Status, string Body)> ExchangeAsync(string authorization)
    {
        using var client = clouds.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/delegated-token") { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AgentSpelling_WithoutContentLength_IsAccepted()
    {
        var signed = DelegatedProof.Sign(clouds.Session("sre"), VendorEmulatorsFixture.Org, clouds.Time.GetUtcNow());
        var headers = signed.Headers.Where(h => h.Key != "Content-Length")
            .ToDictionary(h => h.Key switch { "x-ddog-org-id" => "X-Ddog-Org-Id", "host" => "Host", _ => h.Key }, h => new[] { h.Value });

        var (status, body) = await ExchangeAsync("Delegated " + DelegatedProof.Encode(signed, headers));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"access_token\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsignedOrgHeader_IsRefused()
    {
        var signed = DelegatedProof.Sign(clouds.Session("sre"), org: null, clouds.Time.GetUtcNow());
        var headers = signed.Headers.ToDictionary(h => h.Key, h => new[] { h.Value });
        headers["x-ddog-org-id"] = [VendorEmulatorsFixture.Org];

        var (status, body) = await ExchangeAsync("Delegated " + DelegatedProof.Encode(signed, headers));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("must be present and signed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProofNamingAnotherHost_IsRefused()
    {
        var signed = DelegatedProof.Sign(clouds.Session("sre"), VendorEmulatorsFixture.Org, clouds.Time.GetUtcNow());
        var parts = DelegatedProof.Encode(signed).Split('|');
        parts[3] = Convert.ToBase64String(Encoding.UTF8.GetBytes("https://sts.example.com"));

        var (status, body) = await ExchangeAsync("Delegated " + string.Join('|', parts));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"errors\":[", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownOrg_RoleNotMapped_IsRefused()
    {
        var signed = DelegatedProof.Sign(clouds.Session("analytics"), VendorEmulatorsFixture.Org, clouds.Time.GetUtcNow());

        var (status, body) = await ExchangeAsync("Delegated " + DelegatedProof.Encode(signed));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("does not trust this AWS principal", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownOrg_MappedRole_IsIssuedATokenForThatPrincipal()
    {
        var signed = DelegatedProof.Sign(clouds.Session("sre"), VendorEmulatorsFixture.Org, clouds.Time.GetUtcNow());

        var (status, _) = await ExchangeAsync("Delegated " + DelegatedProof.Encode(signed));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(clouds.Datadog.Issued, t => t.Arn.EndsWith(":assumed-role/sre/alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownOrg_IsRefused()
    {
        var signed = DelegatedProof.Sign(clouds.Session("sre"), "99999999-2222-3333-4444-555555555555", clouds.Time.GetUtcNow());

        var (status, _) = await ExchangeAsync("Delegated " + DelegatedProof.Encode(signed));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("Delegated not-a-proof")]
    public async Task NoProof_IsRefusedWithJsonApiErrors(string authorization)
    {
        var (status, body) = await ExchangeAsync(authorization);

        Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"status {status}");
        Assert.StartsWith("{\"errors\":[", body, StringComparison.Ordinal);
    }
}
