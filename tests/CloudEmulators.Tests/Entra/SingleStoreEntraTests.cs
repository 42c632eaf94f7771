using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Entra;

namespace Operator.Testing.Tests.Clouds.Entra;

/// <summary>
/// SingleStore's Azure verifier: an Entra access token for exactly <c>https://management.azure.com/</c>, signed by a key
/// Entra publishes, from the configured tenant, proves the app's object id.
/// </summary>
public sealed class SingleStoreEntraTests(EntraFixture entra) : IClassFixture<EntraFixture>
{
    private async Task<string> AccessTokenAsync(string scope)
    {
        using var client = entra.Host.CreateHttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = EntraFixture.ClientId,
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = EntraEmulator.JwtBearerAssertionType,
            ["client_assertion"] = entra.Assertion(),
        });
        using var response = await client.PostAsync($"{EntraFixture.Tenant}/oauth2/v2.0/token", form, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["access_token"]!.GetValue<string>();
    }

    private async Task<(HttpStatusCode Status, string Body)> LoginAsync(string token)
    {
        using var client = entra.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/iam/api");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ManagementTokenWithTheSlash_ProvesTheAppsObjectId()
    {
        var (status, body) = await LoginAsync(await AccessTokenAsync("https://management.azure.com//.default"));

        Assert.Equal(HttpStatusCode.OK, status);
        var jwt = new JsonWebToken(JsonNode.Parse(body)!["jwt"]!.GetValue<string>());
        Assert.Equal(entra.App.ObjectId, jwt.Subject);
        Assert.Equal("azure", jwt.GetPayloadValue<string>("provider"));
    }

    [Fact]
    public async Task ManagementTokenWithoutTheSlash_IsRefused()
    {
        var (status, body) = await LoginAsync(await AccessTokenAsync("https://management.azure.com/.default"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("audience", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenForAnotherResource_IsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(await AccessTokenAsync("https://storage.azure.com/.default"))).Status);

    [Fact]
    public async Task TokenSignedByAnotherKey_IsRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var now = entra.Time.GetUtcNow();
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = EntraEmulator.IssuerOf(EntraFixture.Tenant),
            Audience = "https://management.azure.com/",
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object> { ["oid"] = entra.App.ObjectId, ["tid"] = EntraFixture.Tenant },
            // The published key id, another key: only the signature tells.
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = entra.Entra.KeyId }, SecurityAlgorithms.RsaSha256),
        });

        var (status, body) = await LoginAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("signature", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredToken_IsRefused()
    {
        var token = await AccessTokenAsync("https://management.azure.com//.default");
        // Forward only: every other token of these tests is issued relative to the fake clock.
        entra.Time.Advance(TimeSpan.FromHours(2));

        var (status, body) = await LoginAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", body, StringComparison.Ordinal);
    }
}
