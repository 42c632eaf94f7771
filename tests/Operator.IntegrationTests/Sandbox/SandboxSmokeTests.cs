namespace Operator.IntegrationTests.Sandbox;

/// <summary>The README's command for a newcomer: the sandbox starts everything and every applied sample becomes Ready.</summary>
public sealed class SandboxSmokeTests
{
    [Fact]
    public async Task Sandbox_Once_EverySupportedSampleBecomesReady()
    {
        using var sandbox = SandboxProgram.Start(Path.GetTempPath(), "--once", "--duration", "60s", "--lifetime-cap", "30s");
        var output = await sandbox.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sandbox.WaitForExitAsync(TestContext.Current.CancellationToken);

        // --once exits 0 only when every applied sample is Ready; the four systems of the design must be among them.
        Assert.Equal(0, sandbox.ExitCode);
        Assert.Contains("applied default/app-aws (minimal.yaml: aws → awsCredentials)", output, StringComparison.Ordinal);
        Assert.Contains("applied sre-arena/datadog (datadog.yaml: aws → datadog)", output, StringComparison.Ordinal);
        Assert.Contains("applied default/singlestore-db (singlestore.yaml: aws → singlestore)", output, StringComparison.Ordinal);
        Assert.Contains("applied default/gpu-reservations (http-aws-login.yaml: aws → http)", output, StringComparison.Ordinal);
        Assert.Matches(@"default/app-aws\s+True \(Issued\)\s+arn:aws:sts::123456789012:assumed-role/app/", output);
    }
}
