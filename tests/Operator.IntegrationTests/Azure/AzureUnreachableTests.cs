using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Azure;

/// <summary>
/// Entra ID unreachable (nothing listens where the operator's authority host points): ExchangeFailed naming Entra ID,
/// retried, no Secret, for both Azure targets. The SingleStore target never gets as far as SingleStore.
/// </summary>
public sealed class AzureUnreachableTests : IAsyncLifetime
{
    private OperatorTestbed _testbed = null!;

    public async ValueTask InitializeAsync()
    {
        _testbed = await OperatorTestbed.StartAsync();
        // A later argument overrides the testbed's authority host; port 1 on loopback refuses connections.
        await _testbed.StartOperatorAsync("--Operator:Azure:AuthorityHost=https://127.0.0.1:1/", "--Operator:Targets:Timeout=00:00:05");
    }

    public async ValueTask DisposeAsync() => await _testbed.DisposeAsync();

    [Theory]
    [InlineData("azureAccessToken")]
    [InlineData("singlestore")]
    public async Task EntraUnreachable_IsExchangeFailed_AndRetried(string target)
    {
        var cluster = new Cluster(_testbed);
        var ns = "azure-down-" + target.ToLowerInvariant();
        await _testbed.AddAzureServiceAccountAsync(ns, "app", "0b5f7c3e-1d2a-4c6b-9e8f-123456789abc");
        await cluster.CreateAsync(new DelegatedCredential
        {
            Metadata = new V1ObjectMeta { Name = "app-token", NamespaceProperty = ns },
            Spec = new DelegatedCredentialSpec
            {
                ServiceAccountName = "app",
                Provider = new ProviderSpec { Azure = new AzureProviderSpec() },
                Target = target == "singlestore"
                    ? new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api, ServerUrl = "https://127.0.0.1:1/" } }
                    : new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec { Scope = "https://storage.azure.com/.default" } },
            },
        });

        var failed = await cluster.ReadyAsync(ns, "app-token", "ExchangeFailed");

        Assert.Contains("Entra ID is unreachable", Cluster.Ready(failed)!.Message, StringComparison.Ordinal);
        Assert.Null(await cluster.SecretAsync(ns, "app-token"));
        Assert.Empty(_testbed.Entra.Calls);
        await Eventually.MatchAsync(() => cluster.GetAsync(ns, "app-token"), c => c.Status!.Failures >= 2, "a retry");
        NoSecretsLogged.Assert(_testbed);
    }
}
