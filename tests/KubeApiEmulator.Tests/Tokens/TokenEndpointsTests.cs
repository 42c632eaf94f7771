using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Tests.KubeApi;

namespace Operator.Testing.Tests.Tokens;

/// <summary>TokenRequest and issuer discovery over HTTPS, as the operator (C# client) and an STS verifier use them.</summary>
public sealed class TokenEndpointsTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task T2_CSharpClientTokenRequest_Returns201WithTokenAndExpiry()
    {
        var ns = await NamespaceWithServiceAccountAsync();

        var created = await fixture.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = ["sts.amazonaws.com"], ExpirationSeconds = 3600 },
        }, "app", ns, cancellationToken: Ct);

        Assert.Equal("app", created.Metadata.Name);
        Assert.Equal(3, created.Status.Token.Split('.').Length);
        // The lifetime asked for, between the token's own iat and exp, and the status reports that exp.
        var token = new JsonWebToken(created.Status.Token);
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
        Assert.Equal(token.ValidTo, created.Status.ExpirationTimestamp!.Value.ToUniversalTime());
    }

    [Fact]
    public async Task T3_MissingServiceAccount_Is404Status()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/ghost/token", """{"spec":{}}""");

        Assert.Equal(404, code);
        Assert.Equal("serviceaccounts \"ghost\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task T5_Discovery_IsPublicJsonWithCacheControl()
    {
        using var anonymous = fixture.Emulator.CreateHttpClient(authenticated: false);

        using var response = await anonymous.GetAsync("/.well-known/openid-configuration", Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        var issuer = fixture.Emulator.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal(issuer, body["issuer"]!.GetValue<string>());
        Assert.Equal(issuer + "/openid/v1/jwks", body["jwks_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task T5_Jwks_IsPublicJwkSetThatVerifiesIssuedTokens()
    {
        var ns = await NamespaceWithServiceAccountAsync();
        var token = (await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/app/token",
            """{"spec":{"audiences":["sts.amazonaws.com"]}}""")).Body!["status"]!["token"]!.GetValue<string>();
        using var anonymous = fixture.Emulator.CreateHttpClient(authenticated: false);

        using var response = await anonymous.GetAsync("/openid/v1/jwks", Ct);
        var jwks = new JsonWebKeySet(await response.Content.ReadAsStringAsync(Ct));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = fixture.Emulator.BaseAddress.ToString().TrimEnd('/'),
            ValidAudience = "sts.amazonaws.com",
        });

        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    private async Task<string> NamespaceWithServiceAccountAsync()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.CreateAsync(ServiceAccounts.ServiceAccount("app", ns), Ct);
        return ns;
    }
}
