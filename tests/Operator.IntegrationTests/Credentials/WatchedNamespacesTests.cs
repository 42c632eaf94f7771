using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>The operator told to watch two namespaces (<c>Operator:Namespaces</c>): a third one does not exist for it.</summary>
public sealed class WatchedNamespacesTests : IAsyncLifetime
{
    private OperatorTestbed _testbed = null!;
    private Cluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _testbed = await OperatorTestbed.StartAsync();
        _cluster = new Cluster(_testbed);
        await _testbed.StartOperatorAsync("--Operator:Namespaces:0=watched-a", "--Operator:Namespaces:1=watched-b");
    }

    public async ValueTask DisposeAsync() => await _testbed.DisposeAsync();

    [Fact]
    public async Task CredentialsInEachListedNamespace_AreIssued_AndThoseElsewhereNeverSeen()
    {
        await _cluster.CreateIrsaCredentialAsync("unwatched");
        await _cluster.CreateIrsaCredentialAsync("watched-a");
        await _cluster.CreateIrsaCredentialAsync("watched-b");

        await _cluster.ReadyAsync("watched-a", "app-aws", "Issued");
        await _cluster.ReadyAsync("watched-b", "app-aws", "Issued");

        // Created first, never touched: and the operator never even asked about its namespace, nor listed across all of them.
        Assert.Null((await _cluster.GetAsync("unwatched", "app-aws")).Status);
        Assert.Null(await _cluster.SecretAsync("unwatched", "app-aws"));
        var calls = _testbed.Kube.Requests.By(ShippedManifests.OperatorUser);
        Assert.DoesNotContain(calls, c => c.Attributes.Namespace == "unwatched");
        Assert.DoesNotContain(calls, c => c.Attributes is { Namespace: "", Verb: "list" or "watch" }
            && c.Attributes.Resource is "delegatedcredentials" or "secrets" or "serviceaccounts");
        foreach (var ns in new[] { "watched-a", "watched-b" })
        {
            foreach (var resource in new[] { "delegatedcredentials", "secrets", "serviceaccounts" })
            {
                Assert.Contains(calls, c => c.Attributes is { Verb: "watch" } && c.Attributes.Namespace == ns && c.Attributes.Resource == resource);
            }
        }
    }
}
