using System.Diagnostics;
using System.Globalization;

namespace Operator.Benchmarks.Fleet;

/// <summary>
/// A heap dump of the operator with dotnet-gcdump (the repository's local tool, .config/dotnet-tools.json; run
/// <c>dotnet tool restore</c> first). Writes FILE and FILE.txt, the tool's report of the types holding the most bytes.
/// </summary>
internal static class GcDump
{
    public static async Task CollectAsync(int pid, string path)
    {
        await RunAsync(["tool", "run", "dotnet-gcdump", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", path], null);
        await RunAsync(["tool", "run", "dotnet-gcdump", "report", path], path + ".txt");
        Console.WriteLine($"heap dump: {path} (report: {path}.txt)");
    }

    private static async Task RunAsync(IEnumerable<string> args, string? output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, WorkingDirectory = RepositoryFiles.Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new FleetFailure($"dotnet-gcdump failed ({process.ExitCode}): {text}");
        }

        if (output is not null)
        {
            await File.WriteAllTextAsync(output, text);
        }
    }
}
