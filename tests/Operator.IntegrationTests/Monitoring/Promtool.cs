using System.Diagnostics;

namespace Operator.IntegrationTests.Monitoring;

/// <summary>
/// Prometheus's own rule checker and rule unit-test runner, from Debian's <c>prometheus</c> package (<c>.ci/run</c>
/// installs it where it can). Tests that need it report themselves skipped where it is not on PATH.
/// </summary>
internal static class Promtool
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => System.IO.Path.Combine(directory, "promtool"))
        .FirstOrDefault(File.Exists);

    public static void SkipUnlessInstalled()
    {
        if (Path is null)
        {
            Assert.Skip("promtool is not on PATH (Debian's package `prometheus`; .ci/run installs it when it can).");
        }
    }

    /// <summary>Runs promtool in <paramref name="directory"/>; its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path!) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
