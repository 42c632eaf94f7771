using System.Diagnostics;

namespace Operator.IntegrationTests.Sandbox;

/// <summary>The Sandbox is a separate program; tests run it from its build output, as `dotnet run` would.</summary>
internal static class SandboxProgram
{
    /// <summary>Starts the built Sandbox with <paramref name="args"/>, or skips the test when it is not built.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryFiles.Path("tests", "Sandbox", "bin", configuration, "net10.0", "Sandbox.dll");
        Assert.SkipUnless(File.Exists(dll), $"the Sandbox is not built ({dll}); build the solution first");
        return Process.Start(new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        })!;
    }
}
