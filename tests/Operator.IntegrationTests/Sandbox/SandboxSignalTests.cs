using System.Diagnostics;
using System.Globalization;

namespace Operator.IntegrationTests.Sandbox;

/// <summary>
/// `kill -TERM` or `kill -INT` stops the sandbox and `cluster` within 5 s, started from a script as a background job (no
/// terminal, SIGINT inherited as ignored) or on a terminal (a pty from `script`), and no process of theirs is left.
/// </summary>
public sealed class SandboxSignalTests : IDisposable
{
    private static readonly TimeSpan s_stopWithin = TimeSpan.FromSeconds(5);
    private readonly string _directory = Directory.CreateTempSubdirectory("sandbox-signal-").FullName;

    public static TheoryData<string, string, bool> Cases()
    {
        var cases = new TheoryData<string, string, bool>();
        foreach (var command in (string[])["sandbox", "cluster"])
        {
            foreach (var signal in (string[])["TERM", "INT"])
            {
                foreach (var terminal in (bool[])[false, true])
                {
                    cases.Add(command, signal, terminal);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Signal_StopsWithinFiveSeconds_LeavingNoProcess(string command, string signal, bool terminal)
    {
        Assert.SkipWhen(terminal && !File.Exists("/usr/bin/script"), "no `script` for a pseudo-terminal");
        // The kubeconfig path is unique to this run: every process of this sandbox carries it on its command line.
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        string[] args = command == "cluster" ? ["cluster", "--kubeconfig", kubeconfig] : ["--kubeconfig", kubeconfig, "--lifetime-cap", "60s"];
        var ready = command == "cluster" ? "cluster ready:" : "operator running in this process";
        using var started = terminal ? SandboxProgram.StartOnTerminal(_directory, args) : SandboxProgram.StartInBackground(_directory, args);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(90));
            await SandboxProgram.ReadUntilAsync(started.StandardOutput, ready, deadline.Token);
            var sandbox = Assert.Single(ProcessesWith(kubeconfig));

            Process.Start("kill", [$"-{signal}", sandbox.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            var stopwatch = Stopwatch.StartNew();
            while (ProcessesWith(kubeconfig).Count > 0 && stopwatch.Elapsed < s_stopWithin)
            {
                await Task.Delay(50, deadline.Token);
            }

            Assert.True(ProcessesWith(kubeconfig).Count == 0, $"still running {stopwatch.Elapsed.TotalSeconds:0.0}s after SIG{signal}");
            await started.WaitForExitAsync(deadline.Token);
            // The signal was handled (not the default action, which a background job's inherited SIG_IGN turns off for SIGINT):
            // a graceful stop (0), or the self-kill after the grace period (137, with its line).
            var said = terminal ? await started.StandardOutput.ReadToEndAsync(deadline.Token) : await started.StandardError.ReadToEndAsync(deadline.Token);
            Assert.Contains($"SIG{signal}; stopping", said, StringComparison.Ordinal);
            if (!terminal)
            {
                Assert.True(started.ExitCode == 0 || (started.ExitCode == 137 && said.Contains("exiting now", StringComparison.Ordinal)),
                    $"exit code {started.ExitCode}:\n{said}");
            }
        }
        finally
        {
            if (!started.HasExited)
            {
                started.Kill(entireProcessTree: true);
            }

            foreach (var left in ProcessesWith(kubeconfig))
            {
                Process.GetProcessById(left).Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The dotnet processes whose command line names <paramref name="marker"/> (not `script`'s, which quotes it).</summary>
    private static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (argv.Contains(marker) && Path.GetFileName(argv[0]) == "dotnet")
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
