using System.Globalization;
using Operator.Testing.Harness;
using Operator.Testing.KubeApi;

namespace Sandbox;

/// <summary>
/// `cluster --kubeconfig FILE [--port N]`: a standalone emulated cluster for kubectl and manual runs. Starts the
/// emulator, writes the kubeconfig, installs the repository's CRDs, prints one ready line, serves until stopped.
/// </summary>
internal static class ClusterCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (!TryParse(args, out var kubeconfig, out var port, out var error))
        {
            Console.Error.WriteLine($"cluster: {error}");
            return 2;
        }

        await using var emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { Port = port });
        emulator.WriteKubeconfig(kubeconfig);
        if (RepositoryFiles.Find(Environment.CurrentDirectory, AppContext.BaseDirectory) is { } root && Directory.Exists(Path.Combine(root.FullName, "crds")))
        {
            using var client = emulator.CreateClient();
            await CustomResourceDefinitions.InstallAsync(client, Path.Combine(root.FullName, "crds"));
        }

        using var stop = new CancellationTokenSource();
        using var signals = SignalShutdown.Register(stop, "cluster");
        Console.WriteLine($"cluster ready: {emulator.BaseAddress.ToString().TrimEnd('/')} (kubeconfig: {kubeconfig})");
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return 0;
    }

    private static bool TryParse(IReadOnlyList<string> args, out string kubeconfig, out int port, out string error)
    {
        (kubeconfig, port, error) = ("", 0, "");
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--kubeconfig" when value is not null:
                    kubeconfig = Path.GetFullPath(value);
                    i++;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port):
                    i++;
                    break;
                default:
                    error = $"unexpected argument '{args[i]}'";
                    return false;
            }
        }

        error = kubeconfig.Length == 0 ? "--kubeconfig FILE is required" : "";
        return error.Length == 0;
    }
}
