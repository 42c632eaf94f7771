using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.IntegrationTests.Runtime;

/// <summary>The runtime as a host wires it: DI registration, leader election, probes and metrics, on the emulator.</summary>
public sealed class RuntimeHostTests(KubeApiEmulatorFixture fixture) : IClassFixture<KubeApiEmulatorFixture>
{
    [Fact]
    public async Task Host_LeadsReconcilesAndServesProbesAndMetrics_ThenReleasesTheLeaseOnStop()
    {
        using var client = fixture.Emulator.CreateClient();
        var ns = await fixture.NewNamespaceAsync();
        var lease = $"host-{ns}";
        var app = BuildApp(ns, lease);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("s1"), ns,
            cancellationToken: TestContext.Current.CancellationToken);
        var seen = app.Services.GetRequiredService<ConcurrentDictionary<string, int>>();
        await Eventually.TrueAsync(() => seen.ContainsKey("s1"), () => "Secret reconciled by the hosted controller");
        var leading = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<LeaderElection>().Single().IsLeading;
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        await app.StopAsync(TestContext.Current.CancellationToken);
        await app.DisposeAsync();
        var released = await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("controller_runtime_reconcile_total{controller=\"host-secrets\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("leader_election_master_status", metrics, StringComparison.Ordinal);
        Assert.True(leading);
        Assert.Equal("", released.Spec.HolderIdentity);
    }

    private WebApplication BuildApp(string ns, string lease)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IKubernetes>(_ => fixture.Emulator.CreateClient());
        builder.Services.AddSingleton(new ConcurrentDictionary<string, int>());
        builder.Services.AddControllerRuntime("runtime-host-test", new LeaderElectionOptions
        {
            LeaseName = lease,
            LeaseNamespace = "default",
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        builder.Services.AddInformer(sp => ResourceClients.Secrets(sp.GetRequiredService<IKubernetes>(), ns));
        builder.Services.AddController<V1Secret, CountingReconciler>("host-secrets");
        var app = builder.Build();
        app.MapRuntimeEndpoints();
        return app;
    }

    private sealed class CountingReconciler(ConcurrentDictionary<string, int> seen) : IReconciler<V1Secret>
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, V1Secret? current, CancellationToken cancellationToken)
        {
            seen.AddOrUpdate(key.Name, 1, (_, n) => n + 1);
            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
