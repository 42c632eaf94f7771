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

    /// <summary>
    /// <c>--operator PATH</c> runs a build in a process of its own (how the native build is checked: docs/testing.md);
    /// here the Release build's Operator.dll, so the same configuration reaches every provider and target from outside.
    /// </summary>
    [Fact]
    public async Task Sandbox_OperatorInAProcessOfItsOwn_EverySupportedSampleBecomesReady()
    {
        var dll = RepositoryFiles.Path("operator", "bin", "Release", "net10.0", "Operator.dll");
        Assert.SkipUnless(File.Exists(dll), $"{dll} is not built (dotnet build -c Release)");

        using var sandbox = SandboxProgram.Start(Path.GetTempPath(), "--once", "--duration", "90s", "--lifetime-cap", "30s", "--operator", dll);
        var output = await sandbox.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sandbox.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(sandbox.ExitCode == 0, output + await sandbox.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"operator {dll} running as process", output, StringComparison.Ordinal);
        Assert.Matches(@"sre-arena/datadog\s+True \(Issued\)", output);
        Assert.Matches(@"default/singlestore-azure\s+True \(Issued\)", output);
        Assert.Matches(@"default/exporter-gcp\s+True \(Issued\)", output);
    }

    [Fact]
    public async Task Sandbox_OperatorPathThatDoesNotExist_IsRefusedNamingTheOption()
    {
        using var sandbox = SandboxProgram.Start(Path.GetTempPath(), "--once", "--operator", "/nonexistent/Operator");
        var errors = await sandbox.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sandbox.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, sandbox.ExitCode);
        Assert.Equal("sandbox: --operator must name an existing file, the native Operator or an Operator.dll (got '/nonexistent/Operator')", errors.Trim());
    }

    [Fact]
    public async Task Sandbox_OperatorProcessThatExits_StopsTheSandboxNamingItsLog()
    {
        using var sandbox = SandboxProgram.Start(Path.GetTempPath(), "--once", "--duration", "60s", "--operator", "/bin/false");
        var errors = await sandbox.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sandbox.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, sandbox.ExitCode);
        Assert.Matches(@"sandbox: the operator exited with code 1; see /.*-operator\.log", errors);
    }
}
