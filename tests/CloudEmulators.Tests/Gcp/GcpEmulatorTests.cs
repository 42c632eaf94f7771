using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Gcp;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds.Gcp;

/// <summary>Google STS, IAM Credentials and SingleStore's Google path, each refusing what the real service refuses.</summary>
public sealed class GcpEmulatorTests : IAsyncLifetime
{
    private const string Email = "exporter@my-project.iam.gserviceaccount.com";
    private const string Subject = "system:serviceaccount:team-a:app";
    private WorkloadIdentityFederationEnvironment _env = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await WorkloadIdentityFederationEnvironment.StartAsync(TimeProvider.System);
        _http = _env.Host.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _env.DisposeAsync();
    }

    private Task<HttpResponseMessage> ExchangeAsync(string token, string? audience = null, string scope = "https://www.googleapis.com/auth/cloud-platform") =>
        _http.PostAsync("/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GoogleStsEmulator.TokenExchangeGrant,
            ["audience"] = audience ?? WorkloadIdentityFederationEnvironment.ProviderName,
            ["scope"] = scope,
            ["requested_token_type"] = GoogleStsEmulator.AccessTokenType,
            ["subject_token"] = token,
            ["subject_token_type"] = GoogleStsEmulator.JwtTokenType,
        }));

    private async Task<string> FederatedAsync(string subject = Subject)
    {
        using var response = await ExchangeAsync(_env.Token(subject));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.ToString();
    }

    private async Task<string?> OAuthErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]?.ToString();
    }

    private async Task<HttpResponseMessage> IamAsync(string federated, string method, object body, string email = Email, string project = "-")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{project}/serviceAccounts/{email}:{method}")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new("Bearer", federated);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Exchange_ValidToken_IssuesAFederatedTokenForThePrincipal()
    {
        using var response = await ExchangeAsync(_env.Token());

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ya29.d.", body["access_token"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", body["token_type"]!.ToString());
        Assert.Equal(3600, (int)body["expires_in"]!);
        Assert.Equal(_env.Provider.PrincipalOf(Subject), _env.Sts.FindValid(body["access_token"]!.ToString())!.Principal);
    }

    [Fact]
    public async Task Exchange_AudienceWithoutTheScheme_IsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(_env.Token(audience: WorkloadIdentityFederationEnvironment.ProviderName))).StatusCode);

    [Fact]
    public async Task Exchange_WrongTokenAudience_IsInvalidGrant() =>
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(_env.Token(audience: "sts.amazonaws.com"))));

    [Fact]
    public async Task Exchange_ExpiredToken_IsInvalidGrant() =>
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(
            _env.Issuer.IssueToken(Subject, [_env.Provider.DefaultAudience], TimeSpan.FromMinutes(10), issuedAt: DateTimeOffset.UtcNow.AddHours(-1)))));

    [Fact]
    public async Task Exchange_TamperedToken_IsInvalidGrant()
    {
        var parts = _env.Token().Split('.');
        var forged = Base64UrlEncoder.Encode(System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("team-a", "team-b", StringComparison.Ordinal));

        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync($"{parts[0]}.{forged}.{parts[2]}")));
    }

    [Fact]
    public async Task Exchange_TokenOfAnotherIssuer_IsInvalidGrant() =>
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(
            _env.Issuer.IssueToken(Subject, [_env.Provider.DefaultAudience], TimeSpan.FromMinutes(10), issuer: new Uri("https://elsewhere.example/")))));

    [Fact]
    public async Task Exchange_SubjectOutsideTheAttributeCondition_IsUnauthorizedClient() =>
        Assert.Equal("unauthorized_client", await OAuthErrorAsync(await ExchangeAsync(_env.Token("system:node:worker-1"))));

    [Fact]
    public async Task Exchange_UnknownProvider_IsInvalidTarget() =>
        Assert.Equal("invalid_target", await OAuthErrorAsync(await ExchangeAsync(_env.Token(),
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/k8s-pool/providers/other")));

    [Fact]
    public async Task Exchange_WithoutScope_IsInvalidRequest() =>
        Assert.Equal("invalid_request", await OAuthErrorAsync(await ExchangeAsync(_env.Token(), scope: "")));

    [Fact]
    public async Task GenerateAccessToken_BoundPrincipal_GetsATokenForTheLifetimeAsked()
    {
        _env.Iam.AllowImpersonation(Email, _env.Provider.PrincipalOf(Subject));

        using var response = await IamAsync(await FederatedAsync(), "generateAccessToken", new { scope = new[] { "https://www.googleapis.com/auth/cloud-platform" }, lifetime = "1200s" });

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ya29.c.", body["accessToken"]!.ToString(), StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.Parse(body["expireTime"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
    }

    [Fact]
    public async Task GenerateAccessToken_PrincipalWithoutABinding_IsPermissionDenied()
    {
        _env.Iam.AllowImpersonation(Email, _env.Provider.PrincipalOf("system:serviceaccount:team-a:other"));

        using var response = await IamAsync(await FederatedAsync(), "generateAccessToken", new { scope = new[] { "x" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["status"]!.ToString());
    }

    [Fact]
    public async Task GenerateAccessToken_UnknownBearer_IsUnauthenticated()
    {
        _env.Iam.AllowImpersonation(Email, "principal://*");

        using var response = await IamAsync("ya29.d.made-up", "generateAccessToken", new { scope = new[] { "x" } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(false, "43200s", HttpStatusCode.BadRequest)]
    [InlineData(true, "43200s", HttpStatusCode.OK)]
    [InlineData(true, "43201s", HttpStatusCode.BadRequest)]
    [InlineData(false, "3600s", HttpStatusCode.OK)]
    [InlineData(false, "1h", HttpStatusCode.BadRequest)]
    public async Task GenerateAccessToken_Lifetime_IsCappedAtAnHourUnlessExtended(bool extended, string lifetime, HttpStatusCode expected)
    {
        _env.Iam.AllowImpersonation(Email, _env.Provider.PrincipalOf(Subject));
        _env.Iam.AllowLifetimeExtension = extended;

        using var response = await IamAsync(await FederatedAsync(), "generateAccessToken", new { scope = new[] { "x" }, lifetime });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task GenerateAccessToken_ProjectOtherThanDash_IsInvalidArgument()
    {
        _env.Iam.AllowImpersonation(Email, _env.Provider.PrincipalOf(Subject));

        using var response = await IamAsync(await FederatedAsync(), "generateAccessToken", new { scope = new[] { "x" } }, project: "my-project");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GenerateIdToken_VerifiesAgainstTheServedJwks_WithEmail()
    {
        _env.Iam.AllowImpersonation(Email, "principal://iam.googleapis.com/*/subject/system:serviceaccount:team-a:*");

        using var response = await IamAsync(await FederatedAsync(), "generateIdToken", new { audience = "https://run.example", includeEmail = true });

        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.ToString();
        var keys = new JsonWebKeySet(await _http.GetStringAsync(IamCredentialsEmulator.CertsPath));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidIssuer = "https://accounts.google.com",
            ValidAudience = "https://run.example",
        });
        Assert.True(result.IsValid);
        Assert.Equal(Email, result.Claims["email"]);
        Assert.Equal(IamCredentialsEmulator.UniqueIdOf(Email), result.Claims["sub"]);
    }

    [Fact]
    public async Task SingleStore_GoogleIdTokenForItsAudience_IsAccepted_AndOtherAudiencesAreNot()
    {
        using var sts = new StsEmulator(TimeProvider.System);
        using var singleStore = new SingleStoreEmulator(sts, TimeProvider.System) { Google = new GoogleIdTokenVerifier(_env.Iam.CertsUrl, TimeProvider.System) };
        await using var host = await CloudHost.StartAsync(singleStore);
        using var http = host.CreateHttpClient();
        _env.Iam.AllowImpersonation(Email, _env.Provider.PrincipalOf(Subject));
        var federated = await FederatedAsync();

        async Task<HttpResponseMessage> LoginAsync(string audience)
        {
            using var id = await IamAsync(federated, "generateIdToken", new { audience, includeEmail = true });
            var token = (await id.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.ToString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/iam/api");
            request.Headers.Authorization = new("Bearer", token);
            return await http.SendAsync(request);
        }

        using var good = await LoginAsync("https://authsvc.singlestore.com");
        using var wrong = await LoginAsync("https://elsewhere.example");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var jwt = new JsonWebToken((await good.Content.ReadFromJsonAsync<JsonObject>())!["jwt"]!.ToString());
        Assert.Equal(Email, jwt.Subject);
        Assert.Equal("gcp", jwt.GetClaim("provider").Value);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task SingleStore_IdTokenSignedByAnotherKey_IsRefused()
    {
        using var sts = new StsEmulator(TimeProvider.System);
        using var singleStore = new SingleStoreEmulator(sts, TimeProvider.System) { Google = new GoogleIdTokenVerifier(_env.Iam.CertsUrl, TimeProvider.System) };
        await using var host = await CloudHost.StartAsync(singleStore);
        using var http = host.CreateHttpClient();
        // Right claims, the cluster issuer's key: not one of Google's.
        var forged = _env.Issuer.IssueToken(Email, ["https://authsvc.singlestore.com"], TimeSpan.FromMinutes(10), issuer: new Uri("https://accounts.google.com"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/iam/api");
        request.Headers.Authorization = new("Bearer", forged);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
