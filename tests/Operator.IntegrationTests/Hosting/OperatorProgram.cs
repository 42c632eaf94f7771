using System.Diagnostics;

namespace Operator.IntegrationTests.Hosting;

/// <summary>The operator as a person starts it: the built program in a process of its own, its exit code and output read back.</summary>
internal static class OperatorProgram
{
    /// <summary>Runs the built operator with <paramref name="args"/> until it exits (killed, with its children, after 60 s).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryFiles.Path("operator", "bin", configuration, "net10.0", "Operator.dll");
        Assert.SkipUnless(File.Exists(dll), $"the operator is not built ({dll}); build the solution first");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // No ambient kubeconfig: each test names what the operator must use.
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
