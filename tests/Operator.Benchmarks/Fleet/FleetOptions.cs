using System.Globalization;
using Operator.Api.V1Alpha1;

namespace Operator.Benchmarks.Fleet;

/// <summary>
/// The fleet mode's options. Workers and rate are passed to the operator only when given, so a run without them
/// measures the operator's own defaults.
/// </summary>
internal sealed record FleetOptions
{
    public const string Usage = """
          --credentials N        DelegatedCredentials (each with its own IRSA ServiceAccount and role), default 1000
          --namespaces N         spread over N namespaces, default 10
          --lifetime D           STS grants at most D per session (Go duration), default 150s
          --lifetimes N          observe refreshes for N lifetimes after all are Ready, default 3 (0: no refresh phase)
          --workers N            Operator:Workers (default: the operator's)
          --rate R               Operator:ExchangeRate:PerSecond, burst 2R (default: the operator's)
          --ready-timeout D      give up when not all are Ready after D, default 15m
          --quiet D              measure memory at N again after D with nothing to do, default 45s (0s: not measured)
          --operator-env K=V     an environment variable for the operator process only (repeatable; e.g. DOTNET_gcServer=1);
                                 the image's DOTNET_GCgen0size=0x400000 and DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true are set unless given
          --operator-arg ARG     one more operator argument (repeatable; e.g. --Operator:Retry:Floor=00:00:05)
          --operator PATH        the operator to run: a .dll (run with dotnet) or a native executable (e.g. the
                                 ahead-of-time build, see the Dockerfile); default operator/bin/Release/net10.0/Operator.dll
          --gcdump FILE          take a heap dump (dotnet-gcdump) of the operator at N, after all are Ready
          --label TEXT           a note for results.md (e.g. which GC setting this run measured)
          --no-results           print only; leave results.md as it is (the CI smoke test)
        """;

    /// <summary>
    /// What the image sets in the operator's environment besides its own options (Dockerfile, config/manager/deployment.yaml):
    /// the gen0 budget, which the runtime reads only from the environment, and invariant globalization (the image has no
    /// ICU). Applied so the benchmark measures the operator as
    /// shipped; <c>--operator-env DOTNET_GCgen0size=0</c> measures the runtime's default.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ImageEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_GCgen0size"] = "0x400000",
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "true",
    };

    public int Credentials { get; init; } = 1000;

    public int Namespaces { get; init; } = 10;

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(150);

    public int Lifetimes { get; init; } = 3;

    public int? Workers { get; init; }

    public double? Rate { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after all are Ready memory is read a second time: long enough for the operator's heap trimmer
    /// (Operator:HeapTrim, a look every 10 s) to have seen a quiet interval. Zero: not read.
    /// </summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(45);

    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> OperatorArgs { get; init; } = [];

    /// <summary>The operator to run; null: the Release build's Operator.dll.</summary>
    public string? Operator { get; init; }

    public string? GcDump { get; init; }

    public string? Label { get; init; }

    public bool WriteResults { get; init; } = true;

    /// <summary>Parses the arguments after <c>fleet</c>; an error names the option and what it expects.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out FleetOptions options, out string error)
    {
        options = new FleetOptions();
        error = "";
        var environment = new Dictionary<string, string>(ImageEnvironment, StringComparer.Ordinal);
        var extra = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-results")
            {
                options = options with { WriteResults = false };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value" : $"unexpected argument '{name}'";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--credentials" when Count(value, 1, 100_000) is { } n:
                    options = options with { Credentials = n };
                    break;
                case "--namespaces" when Count(value, 1, 1_000) is { } n:
                    options = options with { Namespaces = n };
                    break;
                case "--lifetime" when GoDuration.TryParse(value, out var lifetime) && lifetime >= TimeSpan.FromSeconds(15):
                    options = options with { Lifetime = lifetime };
                    break;
                case "--lifetimes" when Count(value, 0, 100) is { } n:
                    options = options with { Lifetimes = n };
                    break;
                case "--workers" when Count(value, 1, 256) is { } n:
                    options = options with { Workers = n };
                    break;
                case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate):
                    options = options with { Rate = rate };
                    break;
                case "--ready-timeout" when GoDuration.TryParse(value, out var timeout) && timeout > TimeSpan.Zero:
                    options = options with { ReadyTimeout = timeout };
                    break;
                case "--quiet" when GoDuration.TryParse(value, out var quiet) && quiet >= TimeSpan.Zero:
                    options = options with { Quiet = quiet };
                    break;
                case "--operator-env" when value.IndexOf('=', StringComparison.Ordinal) is > 0 and var at:
                    environment[value[..at]] = value[(at + 1)..];
                    break;
                case "--operator-arg" when value.Length > 0:
                    extra.Add(value);
                    break;
                case "--operator" when File.Exists(value):
                    options = options with { Operator = Path.GetFullPath(value) };
                    break;
                case "--gcdump" when value.Length > 0:
                    options = options with { GcDump = Path.GetFullPath(value) };
                    break;
                case "--label" when value.Length > 0:
                    options = options with { Label = value };
                    break;
                default:
                    error = Expected(name, value);
                    return false;
            }
        }

        options = options with { OperatorEnvironment = environment, OperatorArgs = extra };
        if (options.Namespaces > options.Credentials)
        {
            error = $"--namespaces ({options.Namespaces}) may not exceed --credentials ({options.Credentials})";
            return false;
        }

        return true;
    }

    private static int? Count(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    private static string Expected(string name, string value) => name switch
    {
        "--credentials" => $"--credentials must be a whole number from 1 to 100000 (got '{value}')",
        "--namespaces" => $"--namespaces must be a whole number from 1 to 1000 (got '{value}')",
        "--lifetime" => $"--lifetime must be a Go duration of at least 15s, e.g. 150s or 2m (got '{value}')",
        "--lifetimes" => $"--lifetimes must be a whole number from 0 to 100 (got '{value}')",
        "--workers" => $"--workers must be a whole number from 1 to 256 (got '{value}')",
        "--rate" => $"--rate must be a positive number of exchanges per second (got '{value}')",
        "--ready-timeout" => $"--ready-timeout must be a positive Go duration, e.g. 15m (got '{value}')",
        "--quiet" => $"--quiet must be a Go duration, e.g. 45s, or 0s to skip (got '{value}')",
        "--operator-env" => $"--operator-env must be NAME=VALUE (got '{value}')",
        "--operator" => $"--operator must name an existing file, an Operator.dll or a native Operator (got '{value}')",
        "--operator-arg" or "--gcdump" or "--label" => $"{name} needs a non-empty value",
        _ => $"unknown option '{name}'",
    };
}
