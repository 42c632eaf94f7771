using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Leases, Events and Deployments (E1–E4, C6, C7, P2).</summary>
public sealed class KindTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task E1_LeaseWithMicroTimes_RoundTrips_AndBadDurationIs422()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (created, lease, _) = await fixture.CallAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
            """{"metadata":{"name":"op-leader"},"spec":{"holderIdentity":"pod-a","leaseDurationSeconds":15,"acquireTime":"2024-05-01T12:00:00.000000Z","renewTime":"2024-05-01T12:00:10.123456Z","leaseTransitions":0}}""");
        var (bad, _, _) = await fixture.CallAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
            """{"metadata":{"name":"bad"},"spec":{"leaseDurationSeconds":0}}""");

        Assert.Equal(201, created);
        Assert.Equal("2024-05-01T12:00:10.123456Z", lease!["spec"]!["renewTime"]!.GetValue<string>());
        Assert.Null(lease["metadata"]!["generation"]);
        Assert.Equal(422, bad);
    }

    [Fact]
    public async Task C6_LeaseMicroTimeWithoutSixFractionDigits_Is400()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
            """{"metadata":{"name":"l"},"spec":{"renewTime":"2024-05-01T12:00:00Z"}}""");

        Assert.Equal(400, code);
        Assert.Contains("2006-01-02T15:04:05.000000Z07:00", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task E2_LeaderElectorWithLeaseLock_BecomesLeader()
    {
        var ns = await fixture.NewNamespaceAsync();
        var leaseLock = new LeaseLock(fixture.Client, ns, "op-leader", "pod-a");
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        var leading = new TaskCompletionSource();
        elector.OnStartedLeading += () => leading.TrySetResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = elector.RunUntilLeadershipLostAsync(stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // The elector may end by cancellation or return; either is fine here.
        }

        var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("op-leader", ns, cancellationToken: Ct);
        Assert.Equal("pod-a", lease.Spec.HolderIdentity);
    }

    [Fact]
    public async Task E3_CoreEventWithMismatchedInvolvedNamespace_Is422()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events",
            """{"metadata":{"name":"e1"},"involvedObject":{"kind":"Widget","name":"w1","namespace":"elsewhere"},"reason":"R","message":"m","type":"Normal"}""");

        Assert.Equal(422, code);
        Assert.Equal("involvedObject.namespace", body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task E3_CoreEventThroughClient_IsCreatedAndUpdatable()
    {
        var ns = await fixture.NewNamespaceAsync();
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "w1.abc" },
            InvolvedObject = new V1ObjectReference { ApiVersion = "example.com/v1", Kind = "Widget", Name = "w1", NamespaceProperty = ns },
            Reason = "SecretCreated",
            Message = "created",
            Type = "Normal",
            Source = new V1EventSource { Component = "op" },
            Count = 1,
        };

        var created = await fixture.Client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: Ct);
        created.Count = 2;
        var updated = await fixture.Client.CoreV1.ReplaceNamespacedEventAsync(created, "w1.abc", ns, cancellationToken: Ct);

        Assert.Equal(2, updated.Count);
    }

    [Fact]
    public async Task E4_EventsV1WithoutRequiredFields_Is422()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{ns}/events",
            """{"metadata":{"name":"e1"},"type":"Normal","note":"n"}""");

        Assert.Equal(422, code);
        var fields = body!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("eventTime", fields);
        Assert.Contains("reportingController", fields);
    }

    [Fact]
    public async Task P2_DeleteWithOrphanDependentsFalseAndPendingFinalizer_Is202()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"c","finalizers":["x.io/f"]}}""");

        var (code, _, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/c", """{"orphanDependents":false}""");

        Assert.Equal(202, code);
    }

    [Fact]
    public async Task C7_ClientDeleteOfObjectWithFinalizer_ReadsObjectBodyWithoutError()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s", Finalizers = ["x.io/f"] } }, ns, cancellationToken: Ct);

        var status = await fixture.Client.CoreV1.DeleteNamespacedSecretAsync("s", ns, cancellationToken: Ct);

        // The body is the Secret itself; the client's V1Status converter reads it without failing (C7).
        Assert.NotNull(status);
        var stored = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("s", ns, cancellationToken: Ct);
        Assert.NotNull(stored.Metadata.DeletionTimestamp);
    }
}
