using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds.Entra;

namespace Operator.Testing.Tests.Clouds.Entra;

/// <summary>
/// Entra's token endpoint: a federated assertion is checked against the app's credentials (issuer, subject, audience,
/// signature, lifetime) and refused with the AADSTS code Entra answers; an accepted one gets a v1 access token whose
/// <c>aud</c> is the scope's resource, signed by the key the emulator publishes.
/// </summary>
public sealed class EntraEmulatorTests(EntraFixture entra) : IClassFixture<EntraFixture>
{
    private async Task<(HttpStatusCode Status, JsonObject Body)> TokenAsync(string assertion, string scope = "https://storage.azure.com/.default",
        string tenant = EntraFixture.Tenant, string clientId = EntraFixture.ClientId,
        string assertionType = EntraEmulator.JwtBearerAssertionType, string grant = "client_credentials")
    {
        using var client = entra.Host.CreateHttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["grant_type"] = grant,
            ["scope"] = scope,
            ["client_assertion_type"] = assertionType,
            ["client_assertion"] = assertion,
        });
        using var response = await client.PostAsync($"{tenant}/oauth2/v2.0/token", form, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        return (response.StatusCode, body);
    }

    private async Task<JsonWebKeySet> KeysAsync()
    {
        using var client = entra.Host.CreateHttpClient();
        return new JsonWebKeySet(await client.GetStringAsync($"{EntraFixture.Tenant}/discovery/v2.0/keys", TestContext.Current.CancellationToken));
    }

    private static void AssertRefused((HttpStatusCode Status, JsonObject Body) answer, HttpStatusCode status, string error, int code)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(error, answer.Body["error"]!.GetValue<string>());
        Assert.StartsWith($"AADSTS{code}: ", answer.Body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(code, answer.Body["error_codes"]![0]!.GetValue<int>());
        Assert.NotNull(answer.Body["trace_id"]);
        Assert.NotNull(answer.Body["correlation_id"]);
        Assert.Null(answer.Body["access_token"]);
    }

    [Fact]
    public async Task TrustedAssertion_GetsAV1AccessTokenForTheScopesResource_SignedByThePublishedKey()
    {
        var (status, body) = await TokenAsync(entra.Assertion());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<long>());
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(body["access_token"]!.GetValue<string>(), new TokenValidationParameters
        {
            IssuerSigningKeys = (await KeysAsync()).GetSigningKeys(),
            ValidIssuer = $"https://sts.windows.net/{EntraFixture.Tenant}/",
            ValidAudience = "https://storage.azure.com",
            LifetimeValidator = (_, expires, _, _) => expires > entra.Time.GetUtcNow().UtcDateTime,
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Equal(EntraFixture.ClientId, validated.Claims["appid"]);
        Assert.Equal(entra.App.ObjectId, validated.Claims["oid"]);
        Assert.Equal(EntraFixture.Tenant, validated.Claims["tid"]);
        Assert.Equal("1.0", validated.Claims["ver"]);
        var call = entra.Entra.Calls[^1];
        Assert.Equal((EntraFixture.Tenant, EntraFixture.ClientId, 200, (int?)null), (call.Tenant, call.ClientId, call.Status, call.ErrorCode));
    }

    [Theory]
    [InlineData("https://management.azure.com/.default", "https://management.azure.com")]
    [InlineData("https://management.azure.com//.default", "https://management.azure.com/")]
    public async Task Audience_IsTheScopeWithoutDotDefault_Literally(string scope, string audience)
    {
        var (_, body) = await TokenAsync(entra.Assertion(), scope);

        Assert.Equal([audience], new JsonWebToken(body["access_token"]!.GetValue<string>()).Audiences);
    }

    [Fact]
    public async Task AnotherServiceAccount_IsAADSTS700213() =>
        AssertRefused(await TokenAsync(entra.Assertion(subject: "system:serviceaccount:apps:intruder")), HttpStatusCode.Unauthorized, "invalid_client", 700213);

    [Fact]
    public async Task AnotherAudience_IsAADSTS700212() =>
        AssertRefused(await TokenAsync(entra.Assertion(audience: "sts.amazonaws.com")), HttpStatusCode.Unauthorized, "invalid_client", 700212);

    [Fact]
    public async Task AnotherIssuer_IsAADSTS700211() =>
        AssertRefused(await TokenAsync(entra.OtherCluster.IssueToken(EntraFixture.Subject, [FederatedIdentityCredential.DefaultAudience], TimeSpan.FromMinutes(10))),
            HttpStatusCode.Unauthorized, "invalid_client", 700211);

    [Fact]
    public async Task AnotherKeyClaimingTheTrustedIssuer_IsAADSTS700027() =>
        AssertRefused(await TokenAsync(entra.OtherCluster.IssueToken(EntraFixture.Subject, [FederatedIdentityCredential.DefaultAudience],
            TimeSpan.FromMinutes(10), issuer: entra.Cluster.Issuer)), HttpStatusCode.Unauthorized, "invalid_client", 700027);

    [Fact]
    public async Task TamperedPayload_IsAADSTS700027()
    {
        var parts = entra.Assertion().Split('.');
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        claims["sub"] = "system:serviceaccount:apps:other";
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(claims.ToJsonString())}.{parts[2]}";

        AssertRefused(await TokenAsync(tampered), HttpStatusCode.Unauthorized, "invalid_client", 700027);
    }

    [Fact]
    public async Task ExpiredAssertion_IsAADSTS700024() =>
        AssertRefused(await TokenAsync(entra.Assertion(issuedAt: entra.Time.GetUtcNow().AddMinutes(-20))), HttpStatusCode.BadRequest, "invalid_client", 700024);

    [Fact]
    public async Task NotAJwt_IsAADSTS50027() =>
        AssertRefused(await TokenAsync("not-a-jwt"), HttpStatusCode.BadRequest, "invalid_request", 50027);

    [Fact]
    public async Task UnknownClient_IsAADSTS700016() =>
        AssertRefused(await TokenAsync(entra.Assertion(), clientId: Guid.NewGuid().ToString()), HttpStatusCode.BadRequest, "unauthorized_client", 700016);

    [Fact]
    public async Task UnknownTenant_IsAADSTS90002() =>
        AssertRefused(await TokenAsync(entra.Assertion(), tenant: Guid.NewGuid().ToString()), HttpStatusCode.BadRequest, "invalid_request", 90002);

    [Theory]
    [InlineData("https://storage.azure.com/user_impersonation")]
    [InlineData("https://storage.azure.com/.default https://vault.azure.net/.default")]
    public async Task ScopeOtherThanOneDotDefault_IsAADSTS1002012(string scope) =>
        AssertRefused(await TokenAsync(entra.Assertion(), scope), HttpStatusCode.BadRequest, "invalid_scope", 1002012);

    [Fact]
    public async Task AnotherAssertionType_IsRefused() =>
        AssertRefused(await TokenAsync(entra.Assertion(), assertionType: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"),
            HttpStatusCode.BadRequest, "invalid_request", 50027);

    [Fact]
    public async Task AnotherGrant_IsAADSTS70003() =>
        AssertRefused(await TokenAsync(entra.Assertion(), grant: "password"), HttpStatusCode.BadRequest, "unsupported_grant_type", 70003);

    [Fact]
    public async Task Discovery_NamesTheKeysEndpoint()
    {
        using var client = entra.Host.CreateHttpClient();
        var discovery = JsonNode.Parse(await client.GetStringAsync("common/v2.0/.well-known/openid-configuration", TestContext.Current.CancellationToken))!;

        Assert.Equal(new Uri(entra.Host.BaseAddress, "common/discovery/v2.0/keys").ToString(), discovery["jwks_uri"]!.GetValue<string>());
    }
}
