using Operator.Api.V1Alpha1;

namespace Sandbox;

/// <summary>The default command's options.</summary>
internal sealed record SandboxOptions(string? Kubeconfig, TimeSpan LifetimeCap, TimeSpan? Duration, bool Once, string? Operator = null)
{
    public const string Usage = """
          [--kubeconfig FILE] [--lifetime-cap 60s] [--duration 2m] [--once] [--operator PATH]
                                                 emulated cluster + STS + the operator, the samples this build
                                                 supports, and a live table of their credentials
            --kubeconfig FILE    also write a kubeconfig, to drive the cluster with kubectl meanwhile
            --lifetime-cap D     STS grants at most D per session (default 60s), so refreshes show within a minute
            --duration D         exit after D
            --once               exit as soon as every applied sample is Ready, printing the table once
            --operator PATH      run that operator build in a process of its own instead of in this process: the
                                 native executable the image ships (see the Dockerfile), or an Operator.dll
        """;

    public static bool TryParse(IReadOnlyList<string> args, out SandboxOptions options, out string error)
    {
        options = new SandboxOptions(null, TimeSpan.FromSeconds(60), null, false);
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--kubeconfig" when value is not null:
                    options = options with { Kubeconfig = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--lifetime-cap" when GoDuration.TryParse(value, out var cap) && cap > TimeSpan.Zero:
                    options = options with { LifetimeCap = cap };
                    i++;
                    break;
                case "--duration" when GoDuration.TryParse(value, out var duration) && duration > TimeSpan.Zero:
                    options = options with { Duration = duration };
                    i++;
                    break;
                case "--operator" when File.Exists(value):
                    options = options with { Operator = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--operator":
                    error = $"--operator must name an existing file, the native Operator or an Operator.dll (got '{value}')";
                    return false;
                case "--once":
                    options = options with { Once = true };
                    break;
                default:
                    error = $"unexpected argument '{args[i]}' (durations are Go-style: 45s, 2m, 1h30m)";
                    return false;
            }
        }

        return true;
    }
}
