using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Operator.Runtime;
using Operator.Testing.KubeApi.Faults;

namespace Operator.IntegrationTests.Runtime;

/// <summary>
/// Under each kind of API trouble, the informer's cache converges to the server's state and the reconciler sees
/// the final state of every key, deletes included: no event is lost.
/// </summary>
public sealed class InformerConvergenceTests(KubeApiEmulatorFixture fixture) : IClassFixture<KubeApiEmulatorFixture>, IDisposable
{
    private readonly FaultInjector _faults = fixture.Emulator.Faults;

    public static TheoryData<string> Troubles =>
    [
        "watches end cleanly",
        "watches end abruptly",
        "410 on watch",
        "410 on watch and on the relist",
        "429 with Retry-After",
        "500s on watch and list",
    ];

    [Theory]
    [MemberData(nameof(Troubles))]
    public async Task CacheAndReconciler_ConvergeToTheServer(string trouble)
    {
        using var client = fixture.Emulator.CreateClient();
        var ns = await fixture.NewNamespaceAsync();
        await using var rig = new SecretControllerRig(client, ns);
        await Eventually.TrueAsync(() => rig.Informer.HasSynced && _faults.ActiveWatchCount > 0, () => "informer watching");
        var workload = new SecretWorkload(client, ns);
        var round = 0;

        await workload.RunAsync(() =>
        {
            Inject(trouble, round++);
            return Task.CompletedTask;
        });
        _faults.Clear();

        var expected = await workload.ServerStateAsync();
        await Eventually.TrueAsync(() => Converged(rig, expected, ns), () => Describe(rig, expected));
        Assert.Equal(25, expected.Count);
        Assert.Equal(1, rig.Reconciler.MaxConcurrentPerKey);
    }

    [Fact]
    public async Task Conflicts_AreRetried_UntilTheReconcilerSucceeds()
    {
        using var client = fixture.Emulator.CreateClient();
        var ns = await fixture.NewNamespaceAsync();
        await using var rig = new SecretControllerRig(client, ns);
        using var results = new MetricCollector<long>(rig.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            RuntimeMetrics.ControllerMeter, "reconcile_total");
        rig.Reconciler.Action = async (key, current, ct) =>
        {
            // Marks each Secret with a replace at the cached version: stale whenever the test wrote in between.
            if (current is not null && current.GetLabel("reconciled") is null)
            {
                current.SetLabel("reconciled", "yes");
                await client.CoreV1.ReplaceNamespacedSecretAsync(current, key.Name, key.Namespace, cancellationToken: ct);
            }
        };
        _faults.FailNext(409, count: 3, verb: "update", resource: "secrets");
        var workload = new SecretWorkload(client, ns);

        for (var i = 0; i < 5; i++)
        {
            await workload.CreateAsync($"c{i}");
        }

        await Eventually.TrueAsync(async () => (await client.CoreV1.ListNamespacedSecretAsync(ns)).Items.All(s => s.GetLabel("reconciled") == "yes"),
            () => "every Secret labelled by the reconciler");
        Assert.True(results.GetMeasurementSnapshot().Count(m => (string?)m.Tags["result"] == ReconcileOutcome.Conflict) >= 3);
    }

    public void Dispose() => _faults.Clear();

    private void Inject(string trouble, int round)
    {
        switch (trouble)
        {
            case "watches end cleanly":
                _faults.EndWatches(abrupt: false, resource: "secrets");
                break;
            case "watches end abruptly":
                _faults.EndWatches(abrupt: true, resource: "secrets");
                break;
            case "410 on watch":
                _faults.ExpireNext(1, verb: "watch", resource: "secrets");
                _faults.EndWatches(resource: "secrets");
                break;
            case "410 on watch and on the relist":
                _faults.ExpireNext(1, verb: "watch", resource: "secrets");
                _faults.ExpireNext(1, verb: "list", resource: "secrets");
                _faults.EndWatches(resource: "secrets");
                break;
            case "429 with Retry-After" when round < 2:
                _faults.Add(new FaultRule(FaultKind.TooManyRequestsStatus) { Verb = "watch", Resource = "secrets", Count = 1, RetryAfterSeconds = 1 });
                _faults.EndWatches(resource: "secrets");
                break;
            case "500s on watch and list":
                _faults.FailNext((int)HttpStatusCode.InternalServerError, count: 2, verb: "watch", resource: "secrets");
                _faults.FailNext((int)HttpStatusCode.InternalServerError, count: 1, verb: "list", resource: "secrets");
                _faults.EndWatches(abrupt: true, resource: "secrets");
                break;
        }
    }

    private static bool Converged(SecretControllerRig rig, Dictionary<ObjectKey, string> expected, string ns)
    {
        var cache = rig.Informer.Cache.List().ToDictionary(ObjectKey.Of, s => s.ResourceVersion());
        if (cache.Count != expected.Count || expected.Any(e => !cache.TryGetValue(e.Key, out var rv) || rv != e.Value))
        {
            return false;
        }

        // A deleted key the reconciler once saw must end reconciled as deleted; one created and deleted while the
        // informer was blind (in backoff) never existed for it, which level-triggered logic allows.
        var seen = rig.Reconciler.LastSeen;
        var deletesSeen = Enumerable.Range(25, 15).All(i => !seen.TryGetValue(new ObjectKey(ns, $"s{i:D2}"), out var rv) || rv is null);
        return deletesSeen && expected.All(e => seen.TryGetValue(e.Key, out var rv) && rv == e.Value);
    }

    private static string Describe(SecretControllerRig rig, Dictionary<ObjectKey, string> expected) =>
        $"convergence: server {expected.Count} objects, cache {rig.Informer.Cache.Count}, reconciler saw {rig.Reconciler.LastSeen.Count} keys";
}
