using k8s;
using k8s.Models;
using Operator.Testing.Harness;
using Operator.Testing.KubeApi.Auth;

namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// What a credential costs the API server (docs/architecture.md §6), counted by the emulator and the runtime's reconcile metric,
/// each test on a cluster and operator of its own so that nothing else is counted: a refresh is one reconcile, one TokenRequest,
/// one exchange, one Secret write and one status patch, and reads nothing; a restart with valid credentials exchanges, writes
/// and reads nothing; changes by others still reconcile.
/// </summary>
public sealed class CallsPerRefreshTests
{
    private const string Ns = "calls";

    [Fact]
    public async Task Refreshes_EachIsOneReconcile_OneWrite_OneStatusPatch_AndNoRead()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        testbed.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(6);
        var cluster = new Cluster(testbed);
        using var reconciles = new ReconcileCounter();
        var reconciled = await StartWithAccountAsync(testbed, reconciles);
        var exchangesBefore = testbed.Sts.Issued.Count;

        await cluster.CreateAsync(Cluster.Credential(Ns, "app-aws", "app"));
        await cluster.ReadyAsync(Ns, "app-aws", "Issued");
        var refreshed = await cluster.ReadyAsync(Ns, "app-aws", "Refreshed");
        await Eventually.MatchAsync(() => cluster.GetAsync(Ns, "app-aws"),
            c => c.Status?.IssuedAt > refreshed.Status!.IssuedAt && Cluster.Ready(c)?.Reason == "Refreshed", "a second refresh");
        // A graceful stop drains the workers: every count below is final.
        await testbed.StopOperatorAsync();

        var calls = Calls(testbed);
        var writes = calls.Count(c => c.Resource == "secrets" && c.Verb is "create" or "update");
        Assert.True(writes >= 3, $"an issue and at least two refreshes ({writes} writes)");
        // Per issue or refresh, one of each (reconciles, status patches, TokenRequests, exchanges): the watch events of the
        // operator's own writes reconciled nothing more.
        Assert.Equal(
            ((long)writes, writes, writes, writes),
            (reconciled(), calls.Count(c => c is { Verb: "patch", Resource: "delegatedcredentials", Subresource: "status" }),
                calls.Count(c => c is { Verb: "create", Resource: "serviceaccounts", Subresource: "token" }), testbed.Sts.Issued.Count - exchangesBefore));
        // Reads (Secrets, ServiceAccounts, DelegatedCredentials): only the first issue's, which rules out a Secret of that name
        // not labelled as ours and confirms the object.
        Assert.Equal((1, 0, 1),
            (Gets(calls, "secrets"), Gets(calls, "serviceaccounts"), Gets(calls, "delegatedcredentials")));
        // Routine refreshes record no Event by default (Operator:Events:Refreshes=None); the first issue does.
        Assert.Equal(1, calls.Count(c => c is { Resource: "events" } && c.Verb is "create" or "patch"));
    }

    [Fact]
    public async Task Restart_WithValidCredentials_ExchangesWritesAndReadsNothing()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        var cluster = new Cluster(testbed);
        using var reconciles = new ReconcileCounter();
        await testbed.StartOperatorAsync();
        await cluster.CreateIrsaCredentialAsync(Ns);
        await cluster.CreateAsync(Cluster.Credential(Ns, "second", "app"));
        await cluster.ReadyAsync(Ns, "app-aws", "Issued");
        await cluster.ReadyAsync(Ns, "second", "Issued");
        await testbed.StopOperatorAsync();
        var exchanges = testbed.Sts.Issued.Count;
        testbed.Kube.Requests.Clear();

        var reconciled = reconciles.Of((await testbed.StartOperatorAsync()).Services);
        await Eventually.TrueAsync(() => reconciled() >= 2, "both credentials reconciled after the restart");
        await testbed.StopOperatorAsync();

        var calls = Calls(testbed);
        Assert.Equal(2L, reconciled());
        Assert.Equal(exchanges, testbed.Sts.Issued.Count);
        var forbidden = calls.Where(c => c.Resource is "secrets" or "serviceaccounts" or "delegatedcredentials" && c.Verb is not ("list" or "watch"))
            .Select(c => $"{c.Verb} {c.CombinedResource} {c.Name}").ToList();
        Assert.True(forbidden.Count == 0, "after a restart only lists and watches of these kinds: " + string.Join(", ", forbidden));
    }

    [Fact]
    public async Task ChangesByOthers_StillReconcile()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        var cluster = new Cluster(testbed);
        using var reconciles = new ReconcileCounter();
        var reconciled = await StartWithAccountAsync(testbed, reconciles);
        await cluster.CreateAsync(Cluster.Credential(Ns, "app-aws", "app"));
        await cluster.ReadyAsync(Ns, "app-aws", "Issued");
        var original = (await cluster.SecretAsync(Ns, "app-aws"))!;
        await Eventually.TrueAsync(() => reconciled() == 1, "the first issue's reconcile");

        // Someone adds a label to the Secret: the owner is reconciled (and finds nothing to do).
        await cluster.Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"team":"a"}}}""", V1Patch.PatchType.MergePatch),
            "app-aws", Ns, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => reconciled() == 2, "a reconcile after someone labelled the Secret");

        // Someone edits the object's metadata without touching the spec: reconciled too.
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"annotations":{"note":"x"}}}""", V1Patch.PatchType.MergePatch),
            "credentials.delegated.dev", "v1alpha1", Ns, "delegatedcredentials", "app-aws", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => reconciled() == 3, "a reconcile after someone annotated the credential");

        // Someone edits the Secret's data: re-issued.
        await cluster.Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"stringData":{"AWS_SECRET_ACCESS_KEY":"edited-by-hand"}}""", V1Patch.PatchType.MergePatch), "app-aws", Ns,
            cancellationToken: TestContext.Current.CancellationToken);
        var reissued = await Eventually.MatchAsync<V1Secret?>(() => cluster.SecretAsync(Ns, "app-aws"),
            s => Cluster.Text(s!, "AWS_ACCESS_KEY_ID") != Cluster.Text(original, "AWS_ACCESS_KEY_ID"), "a re-issue after the data were edited");
        Assert.NotEqual("edited-by-hand", Cluster.Text(reissued!, "AWS_SECRET_ACCESS_KEY"));

        // Someone deletes the Secret: re-created.
        await cluster.Client.CoreV1.DeleteNamespacedSecretAsync("app-aws", Ns, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.MatchAsync<V1Secret?>(() => cluster.SecretAsync(Ns, "app-aws"),
            s => s is not null && s.Metadata.Uid != reissued!.Metadata.Uid, "a re-issue after the Secret was deleted");
    }

    /// <summary>
    /// Creates the ServiceAccount, then starts the operator: the account comes with its informer's first list, whose events
    /// are all handled before any reconcile starts. Created after the start, its watch event could reach the operator after
    /// the credential's and reconcile it once more (ServiceAccountWatch), a reconcile these counts are not about.
    /// </summary>
    private static async Task<Func<long>> StartWithAccountAsync(OperatorTestbed testbed, ReconcileCounter reconciles)
    {
        await testbed.AddIrsaServiceAccountAsync(Ns, "app", Ns + "-app");
        return reconciles.Of((await testbed.StartOperatorAsync()).Services);
    }

    private static List<RequestAttributes> Calls(OperatorTestbed testbed) =>
        [.. testbed.Kube.Requests.By(ShippedManifests.OperatorUser).Select(r => r.Attributes)];

    private static int Gets(List<RequestAttributes> calls, string resource) => calls.Count(c => c.Verb == "get" && c.Resource == resource && c.Subresource == "");
}
