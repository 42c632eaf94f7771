using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Gcp;

/// <summary>
/// Google STS unreachable (nothing listens where the operator is told it is): the first call of every GCP exchange fails,
/// ExchangeFailed naming Google STS, retried, no Secret, and IAM Credentials is never asked.
/// </summary>
public sealed class GoogleStsUnreachableTests : IAsyncLifetime
{
    private OperatorTestbed _testbed = null!;

    public async ValueTask InitializeAsync()
    {
        _testbed = await OperatorTestbed.StartAsync();
        // A later argument overrides the testbed's endpoint; port 1 on loopback refuses connections.
        await _testbed.StartOperatorAsync("--Operator:Gcp:StsEndpoint=https://127.0.0.1:1/");
    }

    public async ValueTask DisposeAsync() => await _testbed.DisposeAsync();

    [Fact]
    public async Task GoogleStsUnreachable_IsExchangeFailed_AndRetried()
    {
        var cluster = new Cluster(_testbed);
        await _testbed.AddGcpServiceAccountAsync("gcp-sts-down", "app", "app@my-project.iam.gserviceaccount.com");
        var credential = Cluster.Credential("gcp-sts-down", "app-token", "app");
        await cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = new ProviderSpec { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = OperatorTestbed.GcpWorkloadIdentityProvider } },
                Target = new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec() },
            },
        });

        var failed = await cluster.ReadyAsync("gcp-sts-down", "app-token", "ExchangeFailed");

        Assert.Contains("Google STS is unreachable", Cluster.Ready(failed)!.Message, StringComparison.Ordinal);
        Assert.Null(await cluster.SecretAsync("gcp-sts-down", "app-token"));
        Assert.Empty(_testbed.IamCredentials.Issued);
        await Eventually.MatchAsync(() => cluster.GetAsync("gcp-sts-down", "app-token"), c => c.Status!.Failures >= 2, "a retry");
        NoSecretsLogged.Assert(_testbed);
    }
}
