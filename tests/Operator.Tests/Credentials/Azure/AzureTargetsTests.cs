using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Azure;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.Azure;
using Operator.Credentials.Targets.SingleStore;

namespace Operator.Tests.Credentials.Azure;

/// <summary>The azureAccessToken target and SingleStore's Azure proof hand on the identity's Entra token, and only for its scope.</summary>
public sealed class AzureTargetsTests
{
    private static readonly DateTimeOffset s_expires = new(2026, 8, 5, 13, 0, 0, TimeSpan.Zero);

    private static AzureCloudIdentity Identity(string scope) =>
        new("0b5f7c3e-1d2a-4c6b-9e8f-123456789abc (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47)", scope, new BearerToken("eyJ.entra.token", s_expires));

    private static TargetContext Context(TargetSpec target, CloudIdentity identity) =>
        new(AzureIdentityProviderTests.Credential(target: target), identity, new AzureIdentityProviderTests.NoHttpClients(), TimeProvider.System);

    [Fact]
    public async Task AzureAccessToken_WritesTokenAndExpiration_WithTheAppAsIdentity()
    {
        var target = new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec { Scope = "https://storage.azure.com/.default" } };

        var issued = await new AzureAccessTokenTarget().IssueAsync(Context(target, Identity("https://storage.azure.com/.default")), TestContext.Current.CancellationToken);

        Assert.Equal(["expiration", "token"], issued.Value!.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("eyJ.entra.token", System.Text.Encoding.UTF8.GetString(issued.Value.Data["token"]));
        Assert.Equal("2026-08-05T13:00:00Z", System.Text.Encoding.UTF8.GetString(issued.Value.Data["expiration"]));
        Assert.Equal(s_expires, issued.Value.ExpiresAt);
        Assert.StartsWith("0b5f7c3e-1d2a-4c6b-9e8f-123456789abc (tenant 72f988bf", issued.Value.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureAccessToken_ForAnotherScopeThanTheIdentityHolds_IsAFailureNotAWrongToken()
    {
        var target = new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec { Scope = "https://vault.azure.net/.default" } };

        var issued = await new AzureAccessTokenTarget().IssueAsync(Context(target, Identity("https://storage.azure.com/.default")), TestContext.Current.CancellationToken);

        Assert.Equal(CredentialReasons.ExchangeFailed, issued.Failure?.Reason);
    }

    [Fact]
    public async Task SingleStoreProof_IsTheManagementTokenAsBearer()
    {
        var proof = new AzureSingleStoreIdentityProof();
        var identity = Identity(EntraScopes.SingleStore);
        var context = Context(new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api } }, identity);

        var headers = await proof.HeadersAsync(context, new Uri("https://authsvc.singlestore.com"), TestContext.Current.CancellationToken);

        Assert.True(proof.Accepts(identity));
        Assert.False(new AwsSingleStoreIdentityProof().Accepts(identity));
        Assert.Equal([new("Authorization", "Bearer eyJ.entra.token")], headers.Value!);
    }

    [Fact]
    public void Identity_KeepsTheTokenOutOfToString() =>
        Assert.DoesNotContain("eyJ.entra.token", Identity("s").ToString(), StringComparison.Ordinal);
}
