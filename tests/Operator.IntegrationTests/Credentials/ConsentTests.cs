using k8s;
using k8s.Models;

namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// The ServiceAccount consents (docs/security.md): a tenant who may create DelegatedCredentials cannot borrow an account
/// that does not name them, and an account's owner can withdraw at any time.
/// </summary>
public sealed class ConsentTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    [Fact]
    public async Task TenantNamesAnAccountThatDidNotConsent_NotPermitted_AndStsNeverSeesIt()
    {
        // The role trusts the account, as it does for the pods that run as it: only the missing consent stands in the way.
        await fixture.Testbed.AddIrsaServiceAccountAsync("consent-none", "deployer", "consent-none-deployer", allowedCredentials: "ci-token");
        await _cluster.CreateAsync(Cluster.Credential("consent-none", "borrowed", "deployer"));

        var credential = await _cluster.ReadyAsync("consent-none", "borrowed", "NotPermitted");

        Assert.Equal("False", Cluster.Ready(credential)!.Status);
        Assert.Contains("credentials.delegated.dev/allowed-credentials", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("consent-none", "borrowed"));
        Assert.DoesNotContain(fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/consent-none-deployer/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConsentRevoked_ReadyFalseAtOnce_TheSecretKeepsItsCredential_GrantedAgain_ReadyAgain()
    {
        await _cluster.CreateIrsaCredentialAsync("consent-revoke");
        await _cluster.ReadyAsync("consent-revoke", "app-aws", "Issued");
        var before = (await _cluster.SecretAsync("consent-revoke", "app-aws"))!;

        await SetConsentAsync("consent-revoke", "app", "someone-else");
        var revoked = await _cluster.ReadyAsync("consent-revoke", "app-aws", "NotPermitted");

        Assert.Equal("False", Cluster.Ready(revoked)!.Status);
        Assert.NotNull(revoked.Status!.ExpiresAt);
        var kept = (await _cluster.SecretAsync("consent-revoke", "app-aws"))!;
        Assert.Equal(before.Metadata.ResourceVersion, kept.Metadata.ResourceVersion);

        await SetConsentAsync("consent-revoke", "app", "app-aws");
        var again = await _cluster.ReadyAsync("consent-revoke", "app-aws", "Issued");
        Assert.Equal("True", Cluster.Ready(again)!.Status);
    }

    [Fact]
    public async Task AccountCreatedAfterTheCredential_IsPickedUpFromItsWatch()
    {
        await fixture.Testbed.EnsureNamespaceAsync("consent-late");
        await _cluster.CreateAsync(Cluster.Credential("consent-late", "app-aws", "app"));
        await _cluster.ReadyAsync("consent-late", "app-aws", "ServiceAccountNotFound");

        await fixture.Testbed.AddIrsaServiceAccountAsync("consent-late", "app", "consent-late-app", allowedCredentials: "app-aws");

        await _cluster.ReadyAsync("consent-late", "app-aws", "Issued");
    }

    private Task SetConsentAsync(string ns, string serviceAccount, string allowed) =>
        _cluster.Client.CoreV1.PatchNamespacedServiceAccountAsync(
            new V1Patch(new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [ServiceAccounts.AllowedCredentialsAnnotation] = allowed } },
            }, V1Patch.PatchType.MergePatch),
            serviceAccount, ns);
}
