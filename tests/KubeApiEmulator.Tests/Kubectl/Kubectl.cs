using System.Diagnostics;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>The output of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Runs the real kubectl found on PATH against one kubeconfig, each call bounded by a timeout. Discovery and
/// OpenAPI caches go to <paramref name="cacheDirectory"/>, not ~/.kube/cache (each emulator has a new port).
/// </summary>
public sealed class Kubectl(string executable, string kubeconfig, string cacheDirectory)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>The kubectl on PATH, or null when there is none.</summary>
    public static string? FindOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);

    public async Task<KubectlResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        start.ArgumentList.Add($"--cache-dir={cacheDirectory}");
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {s_timeout}");
        }

        return new KubectlResult(process.ExitCode, await output, await error);
    }
}
