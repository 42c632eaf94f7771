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

    /// <summary>Every GCP target impersonates through IAM Credentials (generateAccessToken or generateIdToken).</summary>
    [Theory]
    [InlineData("gcpAccessToken")]
    [InlineData("gcpIdToken")]
    [InlineData("singlestore")]
    public async Task IamCredentialsUnreachable_IsExchangeFailed_AndRetried(string target)
    {
        var cluster = new Cluster(_testbed);
        var ns = "gcp-down-" + target.ToLowerInvariant();
        await _testbed.AddGcpServiceAccountAsync(ns, "app", "app@my-project.iam.gserviceaccount.com");
        var credential = Cluster.Credential(ns, "app-token", "app");
        await cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = new ProviderSpec { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = OperatorTestbed.GcpWorkloadIdentityProvider } },
                Target = target switch
                {
                    // Never reached: the exchange stops at IAM Credentials.
                    "singlestore" => new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api, ServerUrl = "https://127.0.0.1:1/" } },
                    "gcpIdToken" => new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://billing-abc123-uc.a.run.app" } },
                    _ => new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec() },
                },
            },
        });

        var failed = await cluster.ReadyAsync(ns, "app-token", "ExchangeFailed");

        Assert.Contains("Google IAM Credentials is unreachable", Cluster.Ready(failed)!.Message, StringComparison.Ordinal);
        Assert.Null(await cluster.SecretAsync(ns, "app-token"));
        await Eventually.MatchAsync(() => cluster.GetAsync(ns, "app-token"), c => c.Status!.Failures >= 2, "a retry");
        NoSecretsLogged.Assert(_testbed);
    }
}
