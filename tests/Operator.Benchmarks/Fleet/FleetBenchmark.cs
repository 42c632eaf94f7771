using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Operator.Hosting;
using Operator.Runtime;
using Operator.Testing.Harness;

namespace Operator.Benchmarks.Fleet;

/// <summary>
/// `fleet`: the operator in a process of its own against the Kubernetes API and STS emulators hosted here, with a
/// fleet of IRSA credentials. Phases: idle memory; create the fleet and wait until every credential is Ready; a
/// restart (stop, start a new process, until it has reconciled everything once); refreshes over a few lifetimes
/// (STS grants compressed ones). Counts come from the emulators (requests by the operator's user, STS calls) and
/// the operator's /metrics; memory from /proc and the operator's own GC figure.
/// </summary>
internal static class FleetBenchmark
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (!FleetOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine($"fleet: {error}");
            return 2;
        }

        var dll = options.Operator ?? OperatorProcess.DllPath(RepositoryFiles.Root);
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"fleet: {dll} not found; build it first (dotnet build -c Release operator)");
            return 2;
        }

        var report = new FleetReport(options, args);
        try
        {
            await RunPhasesAsync(options, dll, report);
        }
        catch (FleetFailure failure)
        {
            report.Failure = failure.Message;
        }

        report.Print();
        if (report.Failure is null && report.LogDirectory is { } logs)
        {
            // The operators' logs matter only when something broke; then their folder is named in the failure.
            Directory.Delete(logs, recursive: true);
        }

        if (options.WriteResults && report.Failure is null)
        {
            ResultsFile.WriteSection(report.Heading, report.Markdown());
        }

        return report.Failure is null ? 0 : 1;
    }

    private static async Task RunPhasesAsync(FleetOptions options, string dll, FleetReport report)
    {
        var n = options.Credentials;
        using var stop = new CancellationTokenSource();
        await using var testbed = await OperatorTestbed.StartAsync(stop.Token,
            configureKube: kube => kube.WatchHistoryWindow = Math.Max(kube.WatchHistoryWindow, 20 * n));
        testbed.Sts.MaxGrantedLifetime = options.Lifetime;
        var logs = Directory.CreateTempSubdirectory("operator-fleet-").FullName;
        report.LogDirectory = logs;

        var observer = new CredentialObserver(testbed.Client,
            new RuntimeMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()));
        var observing = Task.Run(() => observer.RunAsync(stop.Token));
        await observer.WaitForSyncAsync(stop.Token);
        await FleetCluster.CreateNamespacesAsync(testbed, options.Namespaces);

        var first = OperatorProcess.Start(dll, Arguments(testbed, options), options.OperatorEnvironment, Path.Combine(logs, "operator-1.log"));
        try
        {
            await first.WaitReadyAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(s_settle);
            report.Idle = await MemoryAsync(first);

            await IssueAsync(testbed, observer, first, options, report, stop.Token);
            report.AtN = await MemoryAsync(first);
            if (options.GcDump is { } dump)
            {
                await GcDump.CollectAsync(first.Id, dump);
            }

            if (options.Quiet > TimeSpan.Zero)
            {
                await Task.Delay(options.Quiet, stop.Token);
                report.AtNQuiet = await MemoryAsync(first);
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        var restarted = await RestartAsync(testbed, observer, dll, options, report, logs);
        try
        {
            if (options.Lifetimes > 0)
            {
                await RefreshAsync(testbed, observer, restarted, options, report);
                report.AfterRefreshes = await MemoryAsync(restarted);
            }
        }
        finally
        {
            await restarted.DisposeAsync();
            await stop.CancelAsync();
            await observing.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task IssueAsync(OperatorTestbed testbed, CredentialObserver observer, OperatorProcess process, FleetOptions options,
        FleetReport report, CancellationToken cancellationToken)
    {
        var n = options.Credentials;
        var from = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        report.Create = await FleetCluster.CreateAsync(testbed, n, options.Namespaces, cancellationToken);
        while (observer.Ready < n)
        {
            if (clock.Elapsed > options.ReadyTimeout)
            {
                throw new FleetFailure($"{observer.Ready} of {n} credentials Ready after {options.ReadyTimeout.TotalSeconds:0} s");
            }

            if (process.HasExited)
            {
                // Under heavy CPU load a missed Lease renewal makes the operator stop itself, as it should (LeaderElection).
                throw new FleetFailure($"the operator exited while issuing (a lost Lease on an overloaded machine?); see {process.LogPath}");
            }

            await Task.Delay(100, cancellationToken);
        }

        report.AllReady = clock.Elapsed;
        var to = DateTimeOffset.UtcNow;
        report.IssueExchanges = Exchanges(testbed, from, to).Count;
        report.IssueRequests = RequestTally.Of(testbed.Kube.Requests.Requests, ShippedManifests.OperatorUser, from, to);
        report.IssueReconciles = Reconciles(await process.ScrapeAsync());
        await Task.Delay(s_settle, cancellationToken);
    }

    private static async Task<OperatorProcess> RestartAsync(OperatorTestbed testbed, CredentialObserver observer, string dll, FleetOptions options,
        FleetReport report, string logs)
    {
        var n = options.Credentials;
        var schedule = observer.Latest().ToDictionary(l => l.Session, l => l.Latest.RefreshAt, StringComparer.Ordinal);
        var process = OperatorProcess.Start(dll, Arguments(testbed, options), options.OperatorEnvironment, Path.Combine(logs, "operator-2.log"));
        var clock = Stopwatch.StartNew();
        var from = DateTimeOffset.UtcNow;
        while (true)
        {
            if (process.HasExited)
            {
                throw new FleetFailure($"the restarted operator exited; see {process.LogPath}");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new FleetFailure($"the restarted operator had not reconciled all {n} credentials after 5 minutes");
            }

            try
            {
                var metrics = await process.ScrapeAsync();
                if (Reconciles(metrics) >= n && metrics.Sum("workqueue_depth") is 0)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        report.RestartSteady = clock.Elapsed;
        var to = DateTimeOffset.UtcNow;
        var exchanges = Exchanges(testbed, from, to);
        report.RestartExchanges = exchanges.Count;
        report.RestartExchangesDue = exchanges.Count(c => schedule.GetValueOrDefault(c.RoleSessionName!) is { } due && due <= c.At);
        report.RestartRequests = RequestTally.Of(testbed.Kube.Requests.Requests, ShippedManifests.OperatorUser, from, to);
        return process;
    }

    private static async Task RefreshAsync(OperatorTestbed testbed, CredentialObserver observer, OperatorProcess process, FleetOptions options,
        FleetReport report)
    {
        var window = options.Lifetime * options.Lifetimes;
        var before = Reconciles(await process.ScrapeAsync());
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(window);
        var to = DateTimeOffset.UtcNow;
        var metrics = await process.ScrapeAsync();
        var refreshes = Exchanges(testbed, from, to);
        report.RefreshWindow = window;
        report.Refreshes = refreshes.Count;
        report.RefreshReconciles = Reconciles(metrics) - before;
        report.RefreshRequests = RequestTally.Of(testbed.Kube.Requests.Requests, ShippedManifests.OperatorUser, from, to);
        report.MetricSeries = metrics.TotalSeries;
        var lateness = new List<double>();
        foreach (var call in refreshes)
        {
            if (observer.Before(call.RoleSessionName!, call.At) is { RefreshAt: { } due, ExpiresAt: var expires })
            {
                lateness.Add((call.At - due).TotalSeconds);
                report.RefreshedAfterExpiry += call.At > expires ? 1 : 0;
            }
        }

        report.Lateness = lateness;
        report.ReadyAtEnd = observer.Ready;
        if (refreshes.Count == 0 && window >= options.Lifetime)
        {
            throw new FleetFailure($"no credential was refreshed in {window.TotalSeconds:0} s ({options.Lifetimes} lifetimes)");
        }
    }

    /// <summary>Successful AssumeRoleWithWebIdentity calls in a window: the exchanges.</summary>
    private static List<Operator.Testing.Clouds.Sts.StsCall> Exchanges(OperatorTestbed testbed, DateTimeOffset from, DateTimeOffset to) =>
        [.. testbed.Sts.Calls.Where(c => c.IsAssumeRoleWithWebIdentity && c.Succeeded && c.At >= from && c.At < to && c.RoleSessionName is not null)];

    private static double Reconciles(PrometheusText metrics) =>
        metrics.Sum("controller_runtime_reconcile_total", $"controller=\"{CredentialServiceCollectionExtensions.ControllerName}\"") ?? 0;

    private static async Task<MemoryFigures> MemoryAsync(OperatorProcess process)
    {
        var metrics = await process.ScrapeAsync();
        var (resident, anonymous, files) = process.ResidentBytes();
        return new MemoryFigures(resident, anonymous, files, (long)(metrics.Sum("dotnet_total_memory_bytes") ?? -1));
    }

    /// <summary>
    /// The operator's configuration: the wiring to the emulators a person would pass (kubeconfig with the operator's
    /// ServiceAccount token, STS endpoint, CA bundle, loopback allowed, metrics without auth) and otherwise its defaults,
    /// unless the command line names workers, rate or more arguments.
    /// </summary>
    private static List<string> Arguments(OperatorTestbed testbed, FleetOptions options)
    {
        List<string> args =
        [
            "--kubeconfig", testbed.KubeconfigPath,
            "--Operator:Aws:StsEndpoint=" + testbed.Clouds.BaseAddress,
            "--Operator:TrustedCaBundleFile=" + testbed.CaBundlePath,
            // The emulators listen on loopback, which the host policy refuses unless told (docs/behaviour.md §7).
            "--Operator:HostPolicy:AllowedHosts:0=127.0.0.1",
            "--Operator:Http:BindAddress=127.0.0.1",
            "--Operator:Http:MetricsAuth=None",
            // Where the shipped leader-election Role grants the Lease.
            "--Operator:LeaderElection:LeaseNamespace=" + ShippedManifests.OperatorNamespace,
        ];
        if (options.Lifetime < TimeSpan.FromMinutes(1))
        {
            // Compressed lifetimes under the default minimum would be reported as too short on every issue.
            args.Add("--Operator:Retry:MinLifetime=00:00:00");
        }

        if (options.Workers is { } workers)
        {
            args.Add($"--Operator:Workers={workers}");
        }

        if (options.Rate is { } rate)
        {
            args.Add(FormattableString.Invariant($"--Operator:ExchangeRate:PerSecond={rate}"));
            args.Add(FormattableString.Invariant($"--Operator:ExchangeRate:Burst={Math.Max(1, (int)Math.Ceiling(2 * rate))}"));
        }

        args.AddRange(options.OperatorArgs);
        return args;
    }
}
