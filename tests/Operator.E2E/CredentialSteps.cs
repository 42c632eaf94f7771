using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.E2E;

/// <summary>What a user does and sees with kubectl on the K3s cluster, as test steps (mirrors the integration tier's Cluster).</summary>
internal sealed class CredentialSteps(E2ECluster cluster) : CredentialClient(cluster.Client, s_timeout)
{
    /// <summary>A real cluster is slower than the emulator (first TokenRequest, informer start, STS JWKS fetch).</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static DelegatedCredential AwsCredential(string ns, string name, string serviceAccount) => Objects.ToCreate(ns, name, serviceAccount);

    /// <summary>
    /// Fails without printing the offending lines (that would put the secret into the test output) when a log line
    /// holds a key or session token STS issued, or anything shaped like a JWT (the ServiceAccount tokens minted).
    /// </summary>
    public void AssertNoSecretsLogged()
    {
        var lines = cluster.Logs.Lines;
        var leaks = SecretLeaks.In(lines, SecretLeaks.IssuedBy(cluster.Sts)).Count;
        Assert.True(leaks == 0, $"{leaks} captured log line(s) contain a secret value (not shown here on purpose).");
        Assert.NotEmpty(lines);
    }
}
