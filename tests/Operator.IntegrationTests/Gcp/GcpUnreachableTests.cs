using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Gcp;

/// <summary>IAM Credentials unreachable (nothing listens where the operator is told it is): ExchangeFailed, retried, no Secret.</summary>
public sealed class GcpUnreachableTests : IAsyncLifetime
{
    private OperatorTestbed _testbed = null!;

    public async ValueTask InitializeAsync()
    {
        _testbed = await OperatorTestbed.StartAsync();
        // A later argument overrides the testbed's endpoint; port 1 on loopback refuses connections.
        await _testbed.StartOperatorAsync("--Operator:Gcp:IamCredentialsEndpoint=https://127.0.0.1:1/");
    }

    public async ValueTask DisposeAsync() => await _testbed.DisposeAsync();

    [Fact]
    public async Task IamCredentialsUnreachable_IsExchangeFailed_AndRetried()
    {
        var cluster = new Cluster(_testbed);
        await _testbed.AddGcpServiceAccountAsync("gcp-down", "app", "app@my-project.iam.gserviceaccount.com");
        var credential = Cluster.Credential("gcp-down", "app-token", "app");
        await cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = new ProviderSpec { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = OperatorTestbed.GcpWorkloadIdentityProvider } },
                Target = new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec() },
            },
        });

        var failed = await cluster.ReadyAsync("gcp-down", "app-token", "ExchangeFailed");

        Assert.Contains("Google IAM Credentials is unreachable", Cluster.Ready(failed)!.Message, StringComparison.Ordinal);
        Assert.Null(await cluster.SecretAsync("gcp-down", "app-token"));
        await Eventually.MatchAsync(() => cluster.GetAsync("gcp-down", "app-token"), c => c.Status!.Failures >= 2, "a retry");
        NoSecretsLogged.Assert(_testbed);
    }
}
