using k8s.Models;
using Microsoft.IdentityModel.JsonWebTokens;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Azure;

/// <summary>
/// Azure workload identity end to end through the real operator: the ServiceAccount's TokenRequest token is the client
/// assertion Entra checks against the app's federated identity credential, for the <c>azureAccessToken</c> and
/// <c>singlestore</c> targets; refusals of the identity, the audience and the assertion's time window; Entra down.
/// </summary>
public sealed class AzureThroughTheOperatorTests(AzureOperatorFixture fixture) : IClassFixture<AzureOperatorFixture>
{
    private const string Name = "app-azure";
    private readonly Cluster _cluster = new(fixture.Testbed);

    private static string ClientFor(string ns) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(ns))).ToString();

    /// <summary>The SA <c>app</c> annotated for the app of the namespace, an Entra app trusting it, and the credential.</summary>
    private async Task CreateAsync(string ns, TargetSpec target, AzureProviderSpec? azure = null, bool trust = true)
    {
        await fixture.Testbed.AddAzureServiceAccountAsync(ns, "app", ClientFor(ns));
        if (!trust)
        {
            // The app exists but its federated credential names another ServiceAccount.
            fixture.Testbed.TrustApp(ClientFor(ns), ns, "someone-else");
        }

        await _cluster.CreateAsync(new DelegatedCredential
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns },
            Spec = new DelegatedCredentialSpec
            {
                ServiceAccountName = "app",
                Provider = new ProviderSpec { Azure = azure ?? new AzureProviderSpec() },
                Target = target,
            },
        });
    }

    private async Task<V1Secret> IssuedThenRefreshedAsync(string ns)
    {
        await _cluster.ReadyAsync(ns, Name, "Issued");
        var first = (await _cluster.SecretAsync(ns, Name))!;
        await _cluster.ReadyAsync(ns, Name, "Refreshed");
        var refreshed = (await _cluster.SecretAsync(ns, Name))!;
        Assert.False(Cluster.SameData(first, refreshed), "the refresh wrote a new credential");
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
        return refreshed;
    }

    private static TargetSpec Storage => new() { AzureAccessToken = new AzureAccessTokenTargetSpec { Scope = "https://storage.azure.com/.default" } };

    private TargetSpec Target(string target) => target == "singlestore"
        ? new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec
            {
                Kind = SingleStoreJwtKind.Database,
                WorkspaceGroupId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                ServerUrl = fixture.VendorsAddress.ToString(),
            },
        }
        : Storage;

    [Fact]
    public async Task AzureAccessToken_IsReadyAndRefreshed_WithTheAppAsIdentity()
    {
        const string ns = "azure-token";
        await CreateAsync(ns, Storage);

        var refreshed = await IssuedThenRefreshedAsync(ns);

        var token = Cluster.Text(refreshed, "token");
        var issued = Assert.Single(fixture.Entra.Issued, t => t.AccessToken == token);
        Assert.Equal(("https://storage.azure.com", ClientFor(ns)), (issued.Audience, issued.ClientId));
        Assert.Equal(["expiration", "token"], refreshed.Data.Keys.Order(StringComparer.Ordinal));
        var credential = await _cluster.GetAsync(ns, Name);
        Assert.Equal($"{ClientFor(ns)} (tenant {OperatorTestbed.AzureTenant})", credential.Status!.Identity);
        Assert.Equal("azure", credential.Status.Provider);
    }

    [Fact]
    public async Task SingleStore_WithAnEntraManagementToken_IsReadyAndRefreshed()
    {
        const string ns = "azure-singlestore";
        await CreateAsync(ns, new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec
            {
                Kind = SingleStoreJwtKind.Database,
                WorkspaceGroupId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                ServerUrl = fixture.VendorsAddress.ToString(),
            },
        });

        var refreshed = await IssuedThenRefreshedAsync(ns);

        var jwt = new JsonWebToken(Cluster.Text(refreshed, "jwt"));
        var app = fixture.Entra.Issued.Last(t => t.ClientId == ClientFor(ns));
        Assert.Equal("https://management.azure.com/", app.Audience);
        Assert.Equal("azure", jwt.GetPayloadValue<string>("provider"));
        Assert.False(string.IsNullOrEmpty(jwt.Subject));
        Assert.StartsWith(ClientFor(ns), (await _cluster.GetAsync(ns, Name)).Status!.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceAccountTheAppDoesNotTrust_IsIdentityDenied_WithTheAadstsCode()
    {
        const string ns = "azure-untrusted";
        await CreateAsync(ns, Storage, trust: false);

        var credential = await _cluster.ReadyAsync(ns, Name, "IdentityDenied");

        Assert.Contains("AADSTS700213", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, Name));
    }

    [Fact]
    public async Task SingleStore_ForAServiceAccountTheAppDoesNotTrust_IsIdentityDenied_AndNoEntraTokenIsIssued()
    {
        const string ns = "azure-singlestore-untrusted";
        var issuedBefore = fixture.Entra.Issued.Count;
        await CreateAsync(ns, new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec
            {
                Kind = SingleStoreJwtKind.Database,
                WorkspaceGroupId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                ServerUrl = fixture.VendorsAddress.ToString(),
            },
        }, trust: false);

        var credential = await _cluster.ReadyAsync(ns, Name, "IdentityDenied");

        Assert.Contains("AADSTS700213", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, Name));
        Assert.DoesNotContain(fixture.Entra.Issued.Skip(issuedBefore), t => t.ClientId == ClientFor(ns));
    }

    [Theory]
    [InlineData("azureAccessToken")]
    [InlineData("singlestore")]
    public async Task AudienceTheFederatedCredentialDoesNotList_IsIdentityDenied(string target)
    {
        var ns = "azure-audience-" + target.ToLowerInvariant();
        await CreateAsync(ns, Target(target), new AzureProviderSpec { Audience = "api://not-azure" });

        var credential = await _cluster.ReadyAsync(ns, Name, "IdentityDenied");

        Assert.Contains("AADSTS700212", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientIdOtherThanTheServiceAccounts_IsInvalidSpec_AndEntraIsNotAsked()
    {
        const string ns = "azure-override";
        await CreateAsync(ns, Storage, new AzureProviderSpec { ClientId = "11111111-2222-3333-4444-555555555555" });

        var credential = await _cluster.ReadyAsync(ns, Name, "InvalidSpec");

        Assert.Contains("Operator:AllowIdentityOverride", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Entra.Calls, c => c.ClientId == "11111111-2222-3333-4444-555555555555");
    }

    [Theory]
    [InlineData("azureAccessToken")]
    [InlineData("singlestore")]
    public async Task AssertionOutsideEntrasTimeWindow_IsIdentityDenied(string target)
    {
        var ns = "azure-expired-" + target.ToLowerInvariant();
        var skew = fixture.Entra.Assertions.ClockSkew;
        // Entra's clock far ahead of the cluster's: every ten-minute ServiceAccount token looks expired to it.
        fixture.Entra.Assertions.ClockSkew = TimeSpan.FromMinutes(-30);
        try
        {
            await CreateAsync(ns, Target(target));

            var credential = await _cluster.ReadyAsync(ns, Name, "IdentityDenied");

            Assert.Contains("AADSTS700024", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
            Assert.Null(await _cluster.SecretAsync(ns, Name));
        }
        finally
        {
            fixture.Entra.Assertions.ClockSkew = skew;
        }

        await _cluster.ReadyAsync(ns, Name, "Issued", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task EntraDown_KeepsTheLastGoodToken_AndRecovers()
    {
        const string ns = "azure-outage";
        await CreateAsync(ns, Storage);
        await _cluster.ReadyAsync(ns, Name, "Issued");
        var good = (await _cluster.SecretAsync(ns, Name))!;

        fixture.Entra.Faults.FailNext(1000, 503);
        try
        {
            var failing = await _cluster.ReadyAsync(ns, Name, "RefreshFailed");

            // Entra's 503, or, once the fixture's other credentials have failed against the same endpoint too, its open breaker.
            Assert.Matches("HTTP 503|keeps failing; exchanges wait for a probe", Cluster.Ready(failing)!.Message);
            Assert.True(Cluster.SameData(good, (await _cluster.SecretAsync(ns, Name))!), "the last good token is kept");
        }
        finally
        {
            fixture.Entra.Faults.Clear();
        }

        await _cluster.ReadyAsync(ns, Name, "Refreshed", TimeSpan.FromSeconds(60));
        NoSecretsLogged.Assert(fixture.Testbed);
    }
}
