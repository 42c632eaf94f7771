namespace Operator.IntegrationTests.Credentials;

/// <summary>Operator restarts and start-time options, each on a fresh operator host against the same cluster.</summary>
public sealed class RestartTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    [Fact]
    public async Task Restart_ValidCredential_IsNotReissued()
    {
        await _cluster.CreateIrsaCredentialAsync("restart");
        await _cluster.ReadyAsync("restart", "app-aws", "Issued");

        // The state the restart starts from is read once the first operator has stopped: a reconcile it had under way when
        // Ready was first seen (its own Secret write's watch event, against a cache without the new status yet) may still
        // patch status once more; that is the first operator's doing, not the restart's.
        await fixture.Testbed.StopOperatorAsync();
        var before = await _cluster.GetAsync("restart", "app-aws");
        var secretBefore = (await _cluster.SecretAsync("restart", "app-aws"))!;
        var issuedBeforeRestart = fixture.Testbed.Sts.Issued.Count;
        await fixture.Testbed.StartOperatorAsync("--Operator:Workers=1");

        // One worker takes keys in order: once the object created after the restart is issued, the older one was reconciled.
        await _cluster.CreateAsync(Cluster.Credential("restart", "after-restart", "app"));
        await _cluster.ReadyAsync("restart", "after-restart", "Issued");
        Assert.Equal(issuedBeforeRestart + 1, fixture.Testbed.Sts.Issued.Count);
        Assert.Equal(secretBefore.Metadata.ResourceVersion, (await _cluster.SecretAsync("restart", "app-aws"))!.Metadata.ResourceVersion);
        Assert.Equal(k8s.KubernetesJson.Serialize(before.Status), k8s.KubernetesJson.Serialize((await _cluster.GetAsync("restart", "app-aws")).Status));
        NoSecretsLogged.Assert(fixture.Testbed);
    }

    [Fact]
    public async Task IdentityOverrideAllowed_RoleOtherThanTheServiceAccountsIsUsed()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("override", "app", "override-app");
        fixture.Testbed.TrustRole("override-other", "override", "app");
        await fixture.Testbed.StopOperatorAsync();
        await fixture.Testbed.StartOperatorAsync("--Operator:AllowIdentityOverride=true");

        await _cluster.CreateAsync(Cluster.Credential("override", "app-aws", "app", roleArn: "arn:aws:iam::123456789012:role/override-other"));

        var credential = await _cluster.ReadyAsync("override", "app-aws", "Issued");
        Assert.Contains("assumed-role/override-other/", credential.Status!.Identity, StringComparison.Ordinal);
    }
}
