using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Operator.Runtime;
using Operator.Testing.KubeApi;

namespace Operator.Benchmarks;

/// <summary>
/// The default mode. Scale figures of the controller runtime against the in-process API emulator: informer sync time
/// for 10,000 custom objects and 10,000 Secrets, reconciles per second through queue + controller, managed bytes per
/// cached object (a fresh cache refilled from the objects' JSON). Prints a markdown table and writes its section of
/// tests/Operator.Benchmarks/results.md.
/// </summary>
internal static class RuntimeBenchmark
{
    private const int Count = 10_000;
    private const string Ns = "default";

    public static async Task<int> RunAsync()
    {
        var figures = new List<(string Measure, string Value)>();

        await using var emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { WatchHistoryWindow = 50_000 });
        using var client = emulator.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(BenchWidget.Definition());
        await WaitForCrdAsync(client);

        var load = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var name = $"obj-{i:D5}";
            await client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret(name, data: new Dictionary<string, string> { ["token"] = new('x', 64) },
                labels: new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "bench" }), Ns, cancellationToken: ct);
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(new BenchWidget
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
                Spec = new Dictionary<string, string> { ["target"] = "bench", ["refresh"] = "1h" },
            }, BenchWidget.Group, BenchWidget.Version, Ns, BenchWidget.Plural, cancellationToken: ct);
        });
        figures.Add(("Load 10,000 Secrets + 10,000 custom objects (16 concurrent creates)", $"{load.Elapsed.TotalSeconds:F1} s"));

        using var stop = new CancellationTokenSource();
        var services = new ServiceCollection().AddMetrics().AddSingleton<NoOpReconciler>()
            .AddSingleton<IReconciler<BenchWidget>>(sp => sp.GetRequiredService<NoOpReconciler>()).BuildServiceProvider();
        var metrics = new RuntimeMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var options = new InformerOptions { LabelSelector = "app.kubernetes.io/managed-by=bench" };

        var secrets = new Informer<V1Secret>(ResourceClients.Secrets(client, Ns), options, TimeProvider.System, NullLogger<Informer<V1Secret>>.Instance, metrics);
        var secretSync = await SyncAsync(secrets, stop.Token);
        var secretBytes = CacheBytesPerObject(secrets.Cache.List());
        figures.Add(("Informer list+watch sync, 10,000 Secrets (page size 500, label selector)", $"{secretSync.TotalSeconds:F2} s"));
        figures.Add(("Managed memory per cached Secret (64-byte value, 1 label)", $"{secretBytes:F0} bytes"));

        var widgets = new Informer<BenchWidget>(ResourceClients.Custom<BenchWidget, BenchWidgetList>(client, Ns), new InformerOptions(),
            TimeProvider.System, NullLogger<Informer<BenchWidget>>.Instance, metrics);
        var workers = Environment.ProcessorCount;
        var controller = new Controller<BenchWidget>("benchwidgets", widgets, services.GetRequiredService<IServiceScopeFactory>(),
            new ControllerOptions { MaxConcurrentReconciles = workers }, TimeProvider.System, NullLogger<Controller<BenchWidget>>.Instance, metrics);
        var reconciler = services.GetRequiredService<NoOpReconciler>();
        var run = Task.Run(() => controller.RunAsync(stop.Token));
        var widgetSync = await SyncAsync(widgets, stop.Token);
        var reconcile = Stopwatch.StartNew();
        while (reconciler.Count < Count)
        {
            await Task.Delay(5);
        }

        var reconcileRate = Count / reconcile.Elapsed.TotalSeconds;
        var widgetBytes = CacheBytesPerObject(widgets.Cache.List());
        figures.Add(("Informer list+watch sync, 10,000 custom objects (page size 500)", $"{widgetSync.TotalSeconds:F2} s"));
        figures.Add(($"Reconciles per second through work queue + controller ({workers} workers, no-op reconciler, deep copy from cache)", $"{reconcileRate:F0} /s"));
        figures.Add(("Managed memory per cached custom object (2-field spec)", $"{widgetBytes:F0} bytes"));
        figures.Add(("Work queue alone: add + get + done per second (1 thread, 10,000 keys × 10)", $"{QueueRate():F0} /s"));

        await stop.CancelAsync();
        await run;
        WriteResults(figures);
        return 0;
    }

    private static async Task<TimeSpan> SyncAsync(IInformer informer, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        _ = Task.Run(() => informer.RunAsync(stop), stop);
        await informer.WaitForSyncAsync(stop);
        return clock.Elapsed;
    }

    // The emulator shares the process, so a before/after around the informer would count its buffers too.
    // Instead, refill a fresh cache from the same objects' JSON while the server is idle, and measure that.
    private static double CacheBytesPerObject<T>(IReadOnlyList<T> objects)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var json = objects.Select(o => KubernetesJson.Serialize(o)).ToList();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var cache = new ObjectCache<T>();
        foreach (var text in json)
        {
            cache.Upsert(KubernetesJson.Deserialize<T>(text));
        }

        var filled = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(cache);
        GC.KeepAlive(json);
        return (filled - baseline) / (double)json.Count;
    }

    private static async Task WaitForCrdAsync(Kubernetes client)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.CustomObjects.ListNamespacedCustomObjectAsync(BenchWidget.Group, BenchWidget.Version, Ns, BenchWidget.Plural, limit: 1);
                return;
            }
            catch (k8s.Autorest.HttpOperationException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private static double QueueRate()
    {
        using var queue = new WorkQueue<int>("bench", TimeProvider.System);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 10; round++)
        {
            for (var key = 0; key < Count; key++)
            {
                queue.Add(key);
            }

            for (var key = 0; key < Count; key++)
            {
                var (taken, _) = queue.GetAsync(CancellationToken.None).GetAwaiter().GetResult();
                queue.Done(taken);
            }
        }

        return 10 * Count / clock.Elapsed.TotalSeconds;
    }

    private static void WriteResults(List<(string Measure, string Value)> figures)
    {
        var text = new StringBuilder()
            .AppendLine("# Controller runtime benchmark")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}, {Environment.ProcessorCount} cores (nproc), .NET {Environment.Version}, against the in-process API emulator (HTTPS, HTTP/2).")
            .AppendLine("Command: `dotnet run -c Release --project tests/Operator.Benchmarks`. One run; figures vary with machine load.")
            .AppendLine()
            .AppendLine("| Measure | Value |")
            .AppendLine("|---|---|");
        foreach (var (measure, value) in figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | {value} |");
        }

        Console.Write(text);
        ResultsFile.WriteSection("# Controller runtime benchmark", text.ToString());
    }
}
