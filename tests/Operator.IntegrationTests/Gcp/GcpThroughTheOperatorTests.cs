using k8s.Models;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Clouds.Gcp;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Gcp;

/// <summary>
/// GCP workload identity federation end to end through the real operator: the ServiceAccount's token is exchanged at the
/// emulated Google STS (which verifies it against the cluster's JWKS), a Google service account is impersonated through
/// the emulated IAM Credentials (which checks the binding), and each target's Secret is written and refreshed.
/// </summary>
public sealed class GcpThroughTheOperatorTests(GcpOperatorFixture fixture) : IClassFixture<GcpOperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    private static string Email(string ns) => $"{ns}@my-project.iam.gserviceaccount.com";

    private async Task CreateAsync(string ns, TargetSpec target, string? email = null, string? audience = null)
    {
        var credential = Cluster.Credential(ns, "app-token", "app");
        await _cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = new ProviderSpec
                {
                    Gcp = new GcpProviderSpec { WorkloadIdentityProvider = OperatorTestbed.GcpWorkloadIdentityProvider, ServiceAccountEmail = email, Audience = audience },
                },
                Target = target,
            },
        });
    }

    private async Task<V1Secret> IssuedThenRefreshedAsync(string ns)
    {
        await _cluster.ReadyAsync(ns, "app-token", "Issued");
        var first = (await _cluster.SecretAsync(ns, "app-token"))!;
        await _cluster.ReadyAsync(ns, "app-token", "Refreshed");
        var refreshed = (await _cluster.SecretAsync(ns, "app-token"))!;
        Assert.False(Cluster.SameData(first, refreshed), "the refresh wrote a new credential");
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
        return refreshed;
    }

    private static readonly TargetSpec s_accessToken = new() { GcpAccessToken = new GcpAccessTokenTargetSpec() };

    [Fact]
    public async Task AccessToken_Impersonated_IsReadyAndRefreshed_WithTheServiceAccountAsIdentity()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-access", "app", Email("gcp-access"));
        await CreateAsync("gcp-access", s_accessToken, Email("gcp-access"));

        var refreshed = await IssuedThenRefreshedAsync("gcp-access");

        Assert.Equal(["expiration", "token"], refreshed.Data.Keys.Order(StringComparer.Ordinal));
        var issued = Assert.Single(fixture.Testbed.IamCredentials.Issued, t => t.AccessToken == Cluster.Text(refreshed, "token"));
        Assert.Equal((Email("gcp-access"), OperatorTestbed.GcpPrincipal("gcp-access", "app")), (issued.ServiceAccount, issued.Caller));
        Assert.Equal([GcpAccessTokenTargetSpec.DefaultScope], issued.Scopes);
        var credential = await _cluster.GetAsync("gcp-access", "app-token");
        Assert.Equal(Email("gcp-access"), credential.Status!.Identity);
    }

    [Fact]
    public async Task AccessToken_WithoutAServiceAccount_IsTheFederatedToken_WithThePrincipalAsIdentity()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-direct", "app", email: null);
        await CreateAsync("gcp-direct", new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec { Scopes = ["https://www.googleapis.com/auth/devstorage.read_only"] } });

        var refreshed = await IssuedThenRefreshedAsync("gcp-direct");

        var federated = Assert.Single(fixture.Testbed.GoogleSts.Issued, t => t.AccessToken == Cluster.Text(refreshed, "token"));
        Assert.Equal(["https://www.googleapis.com/auth/devstorage.read_only"], federated.Scopes);
        Assert.Equal(OperatorTestbed.GcpPrincipal("gcp-direct", "app"), (await _cluster.GetAsync("gcp-direct", "app-token")).Status!.Identity);
    }

    [Fact]
    public async Task IdToken_FromTheAnnotatedServiceAccount_IsReadyAndRefreshed_AndVerifiesWithGooglesKeys()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-id", "app", Email("gcp-id"));
        await CreateAsync("gcp-id", new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://billing-abc123-uc.a.run.app" } });

        var refreshed = await IssuedThenRefreshedAsync("gcp-id");

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(Cluster.Text(refreshed, "token"), new TokenValidationParameters
        {
            IssuerSigningKey = fixture.Testbed.IamCredentials.PublicKey,
            ValidIssuer = IamCredentialsEmulator.Issuer,
            ValidAudience = "https://billing-abc123-uc.a.run.app",
        });
        Assert.True(result.IsValid, "the ID token verifies with the served key");
        Assert.Equal(Email("gcp-id"), result.Claims["email"]);
    }

    [Fact]
    public async Task SingleStore_WithAGoogleIdToken_IsReadyAndRefreshed()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-singlestore", "app", Email("gcp-singlestore"));
        await CreateAsync("gcp-singlestore", new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api, ServerUrl = fixture.SingleStoreUrl.ToString() },
        }, Email("gcp-singlestore"));

        var refreshed = await IssuedThenRefreshedAsync("gcp-singlestore");

        var jwt = new JsonWebToken(Cluster.Text(refreshed, "jwt"));
        Assert.Equal((Email("gcp-singlestore"), "gcp"), (jwt.Subject, jwt.GetClaim("provider").Value));
    }

    [Fact]
    public async Task ServiceAccountEmailOtherThanTheAnnotation_IsInvalidSpec_AndNothingIsImpersonated()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-override", "app", Email("gcp-override"));
        fixture.Testbed.BindGcpServiceAccount("admin@my-project.iam.gserviceaccount.com", "gcp-override", "app");
        await CreateAsync("gcp-override", s_accessToken, "admin@my-project.iam.gserviceaccount.com");

        var credential = await _cluster.ReadyAsync("gcp-override", "app-token", "InvalidSpec");

        Assert.Contains("differs from ServiceAccount gcp-override/app", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("gcp-override", "app-token"));
        Assert.DoesNotContain(fixture.Testbed.IamCredentials.Issued, t => t.ServiceAccount.StartsWith("admin@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoImpersonationBinding_IsIdentityDenied_WithGooglesStatusOnly()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-unbound", "app", Email("gcp-unbound"), bind: false);
        await CreateAsync("gcp-unbound", s_accessToken);

        var credential = await _cluster.ReadyAsync("gcp-unbound", "app-token", "IdentityDenied");

        Assert.Equal("Google IAM Credentials refused the exchange: HTTP 403 (Forbidden), error PERMISSION_DENIED.", Cluster.Ready(credential)!.Message);
        Assert.Null(await _cluster.SecretAsync("gcp-unbound", "app-token"));
    }

    [Theory]
    [InlineData("gcpIdToken")]
    [InlineData("singlestore")]
    public async Task IdTokenPairs_WithoutAnImpersonationBinding_AreIdentityDenied_AndWriteNothing(string target)
    {
        var ns = "gcp-unbound-" + target.ToLowerInvariant();
        await fixture.Testbed.AddGcpServiceAccountAsync(ns, "app", Email(ns), bind: false);
        await CreateAsync(ns, target == "singlestore"
            ? new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api, ServerUrl = fixture.SingleStoreUrl.ToString() } }
            : new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://billing-abc123-uc.a.run.app" } });

        var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

        Assert.Equal("Google IAM Credentials refused the exchange: HTTP 403 (Forbidden), error PERMISSION_DENIED.", Cluster.Ready(credential)!.Message);
        Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
    }

    [Theory]
    [InlineData("gcpAccessToken")]
    [InlineData("gcpIdToken")]
    [InlineData("singlestore")]
    public async Task AudienceThePoolProviderDoesNotAllow_IsIdentityDenied_WithInvalidGrant(string target)
    {
        var ns = "gcp-audience-" + target.ToLowerInvariant();
        await fixture.Testbed.AddGcpServiceAccountAsync(ns, "app", Email(ns));
        await CreateAsync(ns, target switch
        {
            "singlestore" => new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api, ServerUrl = fixture.SingleStoreUrl.ToString() } },
            "gcpIdToken" => new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://billing-abc123-uc.a.run.app" } },
            _ => s_accessToken,
        }, Email(ns), audience: "https://elsewhere.example");

        var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

        Assert.Equal("Google STS refused the exchange: HTTP 400 (BadRequest), error invalid_grant.", Cluster.Ready(credential)!.Message);
        Assert.Contains(fixture.Testbed.GoogleSts.Calls, c => c.Error == "invalid_grant");
    }

    [Fact]
    public async Task IdTokenWithoutAServiceAccount_IsInvalidSpec()
    {
        await fixture.Testbed.AddGcpServiceAccountAsync("gcp-noid", "app", email: null);
        await CreateAsync("gcp-noid", new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://run.example" } });

        var credential = await _cluster.ReadyAsync("gcp-noid", "app-token", "InvalidSpec");

        Assert.Contains("needs a Google service account", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("gcpAccessToken")]
    [InlineData("gcpIdToken")]
    [InlineData("singlestore")]
    public async Task ATokenGoogleStsSeesAsExpired_IsIdentityDenied_WritesNothing_AndRecovers(string target)
    {
        var ns = "gcp-expired-" + target.ToLowerInvariant();
        var skew = fixture.Testbed.GoogleSts.ClockSkew;
        // Google STS's clock far ahead of the cluster's: every ten-minute ServiceAccount token has expired on arrival.
        fixture.Testbed.GoogleSts.ClockSkew = TimeSpan.FromMinutes(-30);
        try
        {
            await fixture.Testbed.AddGcpServiceAccountAsync(ns, "app", Email(ns));
            await CreateAsync(ns, Target(target), Email(ns));

            var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

            Assert.Equal("Google STS refused the exchange: HTTP 400 (BadRequest), error invalid_grant.", Cluster.Ready(credential)!.Message);
            Assert.Contains(fixture.Testbed.GoogleSts.Calls, c => c.Error == "invalid_grant");
            Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
        }
        finally
        {
            fixture.Testbed.GoogleSts.ClockSkew = skew;
        }

        await _cluster.ReadyAsync(ns, "app-token", "Issued", TimeSpan.FromSeconds(60));
    }

    private TargetSpec Target(string target) => target switch
    {
        "singlestore" => new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api, ServerUrl = fixture.SingleStoreUrl.ToString() } },
        "gcpIdToken" => new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://billing-abc123-uc.a.run.app" } },
        _ => s_accessToken,
    };
}
