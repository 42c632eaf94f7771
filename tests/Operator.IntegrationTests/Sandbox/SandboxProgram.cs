using System.Diagnostics;

namespace Operator.IntegrationTests.Sandbox;

/// <summary>The Sandbox is a separate program; tests run it from its build output, as `dotnet run` would.</summary>
internal static class SandboxProgram
{
    /// <summary>Starts the built Sandbox with <paramref name="args"/>, or skips the test when it is not built.</summary>
    public static Process Start(string workingDirectory, params string[] args) =>
        Process.Start(new ProcessStartInfo("dotnet", [Dll(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        })!;

    /// <summary>
    /// The same as a background job of a script (`sandbox &amp;` in bash without job control): it starts with SIGINT ignored,
    /// as the shell sets it. `bash` is the process returned, the sandbox its child; bash exits with the sandbox's code.
    /// </summary>
    public static Process StartInBackground(string workingDirectory, params string[] args) =>
        Process.Start(new ProcessStartInfo("bash", ["-c", $"dotnet {Quoted([Dll(), .. args])} & wait $!"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        })!;

    /// <summary>
    /// The same on a pseudo-terminal (util-linux `script`), as when a person runs it: `script` is the process returned, the
    /// sandbox its child; what the sandbox writes to the terminal comes out on the returned process's standard output.
    /// </summary>
    public static Process StartOnTerminal(string workingDirectory, params string[] args) =>
        Process.Start(new ProcessStartInfo("script", ["-qfec", $"exec dotnet {Quoted([Dll(), .. args])}", "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        })!;

    /// <summary>Reads lines until one contains <paramref name="text"/>; returns everything read.</summary>
    public static async Task<string> ReadUntilAsync(StreamReader output, string text, CancellationToken cancellationToken)
    {
        var read = new System.Text.StringBuilder();
        while (await output.ReadLineAsync(cancellationToken) is { } line)
        {
            read.AppendLine(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return read.ToString();
            }
        }

        throw new InvalidOperationException($"the output ended before '{text}':\n{read}");
    }

    private static string Quoted(IEnumerable<string> args) =>
        string.Join(" ", args.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    private static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryFiles.Path("tests", "Sandbox", "bin", configuration, "net10.0", "Sandbox.dll");
        Assert.SkipUnless(File.Exists(dll), $"the Sandbox is not built ({dll}); build the solution first");
        return dll;
    }
}
