using System.Diagnostics;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Sandbox;

/// <summary>The README's command for a newcomer: the sandbox starts everything and every applied sample becomes Ready.</summary>
public sealed class SandboxSmokeTests
{
    [Fact]
    public async Task Sandbox_Once_EverySupportedSampleBecomesReady()
    {
        // The sandbox is a separate program; it is run from its build output, as `dotnet run` would.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryFiles.Path("tests", "Sandbox", "bin", configuration, "net10.0", "Sandbox.dll");
        Assert.SkipUnless(File.Exists(dll), $"the Sandbox is not built ({dll}); build the solution first");
        var start = new ProcessStartInfo("dotnet", [dll, "--once", "--duration", "60s", "--lifetime-cap", "30s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };

        using var sandbox = Process.Start(start)!;
        var output = await sandbox.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sandbox.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, sandbox.ExitCode);
        Assert.Contains("applied default/app-aws (minimal.yaml: aws → awsCredentials)", output, StringComparison.Ordinal);
        Assert.Matches(@"default/app-aws\s+True \(Issued\)\s+arn:aws:sts::123456789012:assumed-role/app/", output);
    }
}
