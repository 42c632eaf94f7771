using k8s;
using Operator.Testing.Harness;
using Operator.Testing.KubeApi.Faults;

namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// A ServiceAccount and a credential created together (one <c>kubectl apply</c> of both) whose events reach the operator in
/// the other order: the account, not yet in the informer's cache, is read from the server, so the first issue neither
/// fails nor warns (Credentials/Reconciliation/KubernetesCredentialCluster). On its own cluster: it holds a watch back.
/// </summary>
public sealed class LateServiceAccountEventTests
{
    private const string Ns = "late-account";

    [Fact]
    public async Task AccountCreatedWithTheCredential_ItsWatchEventLate_IssuedWithoutAFailure()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        var cluster = new Cluster(testbed);
        await testbed.StartOperatorAsync();
        await Eventually.TrueAsync(() => testbed.Kube.Faults.ActiveWatchCount >= 3, "the operator's three watches");
        // The ServiceAccount watch is ended and its next start held for 3 s: what changes meanwhile reaches the operator
        // only then, while the credential's watch delivers at once.
        testbed.Kube.Faults.Add(new FaultRule(FaultKind.Latency) { Verb = "watch", Resource = "serviceaccounts", Count = 1, Latency = TimeSpan.FromSeconds(3) });
        Assert.Equal(1, testbed.Kube.Faults.EndWatches(resource: "serviceaccounts"));

        await cluster.CreateIrsaCredentialAsync(Ns);
        var issued = await cluster.ReadyAsync(Ns, "app-aws", "Issued");

        Assert.True(issued.Status!.Failures is null or 0, $"failures: {issued.Status.Failures}");
        var calls = testbed.Kube.Requests.By(ShippedManifests.OperatorUser).Select(r => r.Attributes).ToList();
        Assert.Single(calls, c => c is { Verb: "get", Resource: "serviceaccounts", Name: "app" });
        var events = await testbed.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain(events.Items, e => e.Reason == "ServiceAccountNotFound");
        Assert.Single(testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/late-account-app/", StringComparison.Ordinal));
    }
}
