using System.Diagnostics;

namespace Operator.IntegrationTests.Benchmarks;

/// <summary>
/// `Operator.Benchmarks fleet`: a bad option stops the benchmark before it starts anything, with exit code 2 and a
/// message naming the option and what it expects.
/// </summary>
public sealed class FleetOptionsTests
{
    [Theory]
    [InlineData("--credentials", "0", "--credentials must be a whole number from 1 to 100000")]
    [InlineData("--credentials", "ten", "--credentials must be a whole number from 1 to 100000")]
    [InlineData("--namespaces", "-1", "--namespaces must be a whole number from 1 to 1000")]
    [InlineData("--lifetime", "5s", "--lifetime must be a Go duration of at least 15s")]
    [InlineData("--lifetimes", "many", "--lifetimes must be a whole number from 0 to 100")]
    [InlineData("--workers", "0", "--workers must be a whole number from 1 to 256")]
    [InlineData("--rate", "NaN", "--rate must be a positive number of exchanges per second")]
    [InlineData("--operator-env", "NOEQUALS", "--operator-env must be NAME=VALUE")]
    [InlineData("--frobnicate", "1", "unknown option '--frobnicate'")]
    public async Task Fleet_BadOption_ExitsWithTwoNamingTheOption(string option, string value, string expected)
    {
        var (exitCode, error) = await RunAsync("fleet", option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_MissingValue_SaysTheOptionNeedsOne()
    {
        var (exitCode, error) = await RunAsync("fleet", "--credentials");

        Assert.Equal(2, exitCode);
        Assert.Contains("--credentials needs a value", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_MoreNamespacesThanCredentials_IsRefused()
    {
        var (exitCode, error) = await RunAsync("fleet", "--credentials", "5", "--namespaces", "6");

        Assert.Equal(2, exitCode);
        Assert.Contains("--namespaces (6) may not exceed --credentials (5)", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryFiles.Path("tests", "Operator.Benchmarks", "bin", configuration, "net10.0", "Operator.Benchmarks.dll");
        Assert.SkipUnless(File.Exists(dll), $"the benchmarks are not built ({dll}); build the solution first");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var error = await process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, error);
    }
}
