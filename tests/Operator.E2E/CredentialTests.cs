namespace Operator.E2E;

/// <summary>
/// The real operator host issues AWS credentials on a real cluster: a real TokenRequest signed by K3s, verified by
/// the STS emulator against K3s's own JWKS, and a Secret the real garbage collector removes with its owner.
/// </summary>
[Collection(nameof(K3sCollection))]
public sealed class CredentialTests(K3sCluster cluster)
{
    private readonly CredentialSteps _steps = new(cluster);

    [Fact]
    public async Task NewCredential_SecretHoldsAwsKeysIssuedForTheServiceAccount()
    {
        cluster.SkipUnlessRunning();
        await cluster.EnsureOperatorAsync();
        await cluster.AddIrsaServiceAccountAsync("e2e-issue", "app", "e2e-issue-app");

        await _steps.CreateAsync(CredentialSteps.AwsCredential("e2e-issue", "app-aws", "app"));
        var credential = await _steps.ReadyAsync("e2e-issue", "app-aws", "Issued");

        var secret = (await _steps.SecretAsync("e2e-issue", "app-aws"))!;
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "credentials", "expiration"],
            secret.Data.Keys.Order(StringComparer.Ordinal));
        var issued = cluster.Sts.Issued.Single(c => c.AccessKeyId == CredentialSteps.Text(secret, "AWS_ACCESS_KEY_ID"));
        Assert.Equal("system:serviceaccount:e2e-issue:app", issued.Subject);
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal((credential.Metadata.Uid, "DelegatedCredential", true), (owner.Uid, owner.Kind, owner.Controller == true));
        Assert.StartsWith("arn:aws:sts::123456789012:assumed-role/e2e-issue-app/", credential.Status!.Identity, StringComparison.Ordinal);
        _steps.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task DeletedCredential_TakesItsSecretAlong()
    {
        cluster.SkipUnlessRunning();
        await cluster.EnsureOperatorAsync();
        await cluster.AddIrsaServiceAccountAsync("e2e-gc", "app", "e2e-gc-app");
        await _steps.CreateAsync(CredentialSteps.AwsCredential("e2e-gc", "app-aws", "app"));
        await _steps.ReadyAsync("e2e-gc", "app-aws", "Issued");
        Assert.NotNull(await _steps.SecretAsync("e2e-gc", "app-aws"));

        await _steps.DeleteAsync("e2e-gc", "app-aws");

        await _steps.SecretGoneAsync("e2e-gc", "app-aws");
    }
}
