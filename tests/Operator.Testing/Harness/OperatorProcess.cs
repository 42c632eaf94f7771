using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Operator.Testing.Harness;

/// <summary>
/// A built operator in a process of its own: operator/bin/Release/net10.0/Operator.dll run with <c>dotnet</c>, or the
/// native executable the image ships (Dockerfile), configured on its command line as a person would, so its memory is
/// its own. Its output goes to a log file; its <c>/metrics</c> (plain HTTP, Http:MetricsAuth=None) and <c>/readyz</c>
/// listen on loopback ports chosen here. The fleet benchmark and the sandbox's <c>--operator</c> run it.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Process _process;
    private readonly Task _pump;

    private OperatorProcess(Process process, Task pump, int metricsPort, int healthPort, string logPath)
    {
        _process = process;
        _pump = pump;
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        ReadyAddress = new Uri($"http://127.0.0.1:{healthPort}/readyz");
        LogPath = logPath;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public int Id => _process.Id;

    public Uri MetricsAddress { get; }

    public Uri ReadyAddress { get; }

    public string LogPath { get; }

    public DateTimeOffset StartedAt { get; }

    public bool HasExited => _process.HasExited;

    public static string DllPath(string root) => Path.Combine(root, "operator", "bin", "Release", "net10.0", "Operator.dll");

    public static OperatorProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var (metricsPort, healthPort) = (FreePort(), FreePort());
        // A .dll runs under the dotnet host; anything else is a native (ahead-of-time compiled) executable.
        var managed = dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(managed ? "dotnet" : dll)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (managed)
        {
            start.ArgumentList.Add(dll);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--Operator:Http:Port={metricsPort}");
        start.ArgumentList.Add($"--Operator:Http:HealthPort={healthPort}");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = false };
        var pump = Task.WhenAll(Copy(process.StandardOutput, log), Copy(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new OperatorProcess(process, pump, metricsPort, healthPort, logPath);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (caches synced, lease held).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the operator exited with code {_process.ExitCode}; see {LogPath}");
            }

            try
            {
                using var response = await s_http.GetAsync(ReadyAddress);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the operator was not ready after {timeout.TotalSeconds:0} s; see {LogPath}");
    }

    public Task<string> MetricsTextAsync() => s_http.GetStringAsync(MetricsAddress);

    /// <summary>Completes when the process exits, whoever stopped it.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Resident set from /proc/PID/status, in bytes: VmRSS, and its anonymous part (RssAnon: heaps, JIT'd code, stacks)
    /// apart from mapped files (RssFile: the runtime and assemblies, shared with other processes).
    /// </summary>
    public (long Resident, long Anonymous, long Files) ResidentBytes()
    {
        var fields = File.ReadLines($"/proc/{_process.Id}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0] is "VmRSS" or "RssAnon" or "RssFile")
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
        return (fields["VmRSS"], fields["RssAnon"], fields["RssFile"]);
    }

    /// <summary>A graceful stop, as Kubernetes does: SIGTERM (the operator drains and releases its Lease), then waits.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            // .NET's Process has no way to send SIGTERM (Kill is SIGKILL), hence kill(1).
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        await _pump;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private static async Task Copy(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
