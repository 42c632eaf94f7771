using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>The user's steps (<see cref="CredentialClient"/>) on the emulated cluster of a testbed.</summary>
internal sealed class Cluster(OperatorTestbed testbed) : CredentialClient(testbed.Client)
{
    private readonly OperatorTestbed _testbed = testbed;

    public static DelegatedCredential Credential(string ns, string name, string serviceAccount, string? roleArn = null,
        string? secretName = null, string? ttl = null) => Objects.ToCreate(ns, name, serviceAccount, roleArn, secretName, ttl);

    /// <summary>
    /// How most scenarios start: the IRSA ServiceAccount <c>app</c> in <paramref name="ns"/> with a role <c>{ns}-app</c> that
    /// trusts it, and the DelegatedCredential <c>app-aws</c> for it, created.
    /// </summary>
    public async Task CreateIrsaCredentialAsync(string ns, string? secretName = null)
    {
        await _testbed.AddIrsaServiceAccountAsync(ns, "app", ns + "-app");
        await CreateAsync(Credential(ns, "app-aws", "app", secretName: secretName));
    }
}
