namespace Operator.E2E;

/// <summary>
/// The real operator host, as its own ServiceAccount under the shipped RBAC, issues AWS credentials on a real cluster
/// (K3s, or the cluster of E2E_KUBECONFIG): a real TokenRequest signed by the cluster, verified by the STS emulator on
/// the host against the cluster's own JWKS, and a Secret the real garbage collector removes with its owner. No real
/// cloud is involved.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class CredentialTests(E2ECluster cluster)
{
    private readonly CredentialSteps _steps = new(cluster);

    [Fact]
    public async Task NewCredential_SecretHoldsAwsKeysIssuedForTheServiceAccount()
    {
        cluster.SkipUnlessRunning();
        await cluster.EnsureOperatorAsync();
        var ns = await cluster.NamespaceAsync("e2e-issue");
        await cluster.AddIrsaServiceAccountAsync(ns, "app", ns + "-app");

        await _steps.CreateAsync(CredentialSteps.AwsCredential(ns, "app-aws", "app"));
        var credential = await _steps.ReadyAsync(ns, "app-aws", "Issued");

        var secret = (await _steps.SecretAsync(ns, "app-aws"))!;
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "credentials", "expiration"],
            secret.Data.Keys.Order(StringComparer.Ordinal));
        var issued = cluster.Sts.Issued.Single(c => c.AccessKeyId == CredentialSteps.Text(secret, "AWS_ACCESS_KEY_ID"));
        Assert.Equal($"system:serviceaccount:{ns}:app", issued.Subject);
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal((credential.Metadata.Uid, "DelegatedCredential", true), (owner.Uid, owner.Kind, owner.Controller == true));
        Assert.StartsWith($"arn:aws:sts::123456789012:assumed-role/{ns}-app/", credential.Status!.Identity, StringComparison.Ordinal);
        _steps.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task DeletedCredential_TakesItsSecretAlong()
    {
        cluster.SkipUnlessRunning();
        await cluster.EnsureOperatorAsync();
        var ns = await cluster.NamespaceAsync("e2e-gc");
        await cluster.AddIrsaServiceAccountAsync(ns, "app", ns + "-app");
        await _steps.CreateAsync(CredentialSteps.AwsCredential(ns, "app-aws", "app"));
        await _steps.ReadyAsync(ns, "app-aws", "Issued");
        Assert.NotNull(await _steps.SecretAsync(ns, "app-aws"));

        await _steps.DeleteAsync(ns, "app-aws");

        await _steps.SecretGoneAsync(ns, "app-aws");
    }
}
