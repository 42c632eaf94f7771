using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>The user's steps (<see cref="CredentialClient"/>) on the emulated cluster of a testbed.</summary>
internal sealed class Cluster(OperatorTestbed testbed) : CredentialClient(testbed.Client)
{
    public static DelegatedCredential Credential(string ns, string name, string serviceAccount, string? roleArn = null,
        string? secretName = null, string? ttl = null) => Objects.ToCreate(ns, name, serviceAccount, roleArn, secretName, ttl);
}
