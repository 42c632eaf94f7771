using k8s;

namespace Operator.IntegrationTests.Credentials;

/// <summary>Bad input and refusals get a clear condition, and nothing is written that should not be.</summary>
public sealed class RefusalTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    [Fact]
    public async Task MissingServiceAccount_ReadyFalseServiceAccountNotFound()
    {
        await fixture.Testbed.EnsureNamespaceAsync("refuse-nosa");
        await _cluster.CreateAsync(Cluster.Credential("refuse-nosa", "app-aws", "ghost"));

        var credential = await _cluster.ReadyAsync("refuse-nosa", "app-aws", "ServiceAccountNotFound");

        Assert.Equal("False", Cluster.Ready(credential)!.Status);
        Assert.Contains("refuse-nosa/ghost", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("refuse-nosa", "app-aws"));
    }

    [Fact]
    public async Task RoleDiffersFromTheServiceAccounts_IsRefusedAsInvalidSpec()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-role", "app", "refuse-role-app");
        fixture.Testbed.TrustRole("admin", "refuse-role", "app");
        await _cluster.CreateAsync(Cluster.Credential("refuse-role", "app-aws", "app", roleArn: "arn:aws:iam::123456789012:role/admin"));

        var credential = await _cluster.ReadyAsync("refuse-role", "app-aws", "InvalidSpec");

        Assert.Contains("differs from ServiceAccount refuse-role/app", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("refuse-role", "app-aws"));
        Assert.DoesNotContain(fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustPolicyDoesNotAdmitTheServiceAccount_IdentityDeniedWithTheStsCode()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-trust", "app", "refuse-trust-app");
        fixture.Testbed.TrustRole("refuse-trust-app", "refuse-trust", "someone-else");
        await _cluster.CreateAsync(Cluster.Credential("refuse-trust", "app-aws", "app"));

        var credential = await _cluster.ReadyAsync("refuse-trust", "app-aws", "IdentityDenied");

        Assert.Contains("AccessDenied", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.True(credential.Status!.Failures >= 1);
        var events = await Eventually.MatchAsync(() => _cluster.EventsAsync("refuse-trust", "app-aws"),
            e => e.Any(x => x.Reason == "IdentityDenied"), "an IdentityDenied event");
        Assert.Equal("Warning", events.First(e => e.Reason == "IdentityDenied").Type);
        NoSecretsLogged.Assert(fixture.Testbed);
    }

    [Fact]
    public async Task ForeignSecretOfTheSameName_IsLeftUntouched()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-foreign", "app", "refuse-foreign-app");
        var foreign = await _cluster.Client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("taken", "refuse-foreign", stringData: new Dictionary<string, string> { ["password"] = "theirs" }), "refuse-foreign");
        await _cluster.CreateAsync(Cluster.Credential("refuse-foreign", "app-aws", "app", secretName: "taken"));

        var credential = await _cluster.ReadyAsync("refuse-foreign", "app-aws", "SecretConflict");

        var after = (await _cluster.SecretAsync("refuse-foreign", "taken"))!;
        Assert.Equal(foreign.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("theirs", Cluster.Text(after, "password"));
        Assert.Equal("False", Cluster.Ready(credential)!.Status);
    }

    [Fact]
    public async Task StsThrottling_ExchangeFailedWithTheStsCode()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-throttle", "app", "refuse-throttle-app");
        fixture.Testbed.Sts.ThrottleNext(1000);
        try
        {
            await _cluster.CreateAsync(Cluster.Credential("refuse-throttle", "app-aws", "app"));

            var credential = await _cluster.ReadyAsync("refuse-throttle", "app-aws", "ExchangeFailed");

            Assert.Contains("Throttling", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
            Assert.Null(await _cluster.SecretAsync("refuse-throttle", "app-aws"));
        }
        finally
        {
            fixture.Testbed.Sts.Faults.Clear();
        }
    }
}
