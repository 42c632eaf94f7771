using System.Globalization;
using System.Text;

namespace Operator.Benchmarks.Fleet;

/// <summary>The fleet run's figures, as a markdown table with the issue's goals beside them (README quotes them).</summary>
internal sealed class FleetReport(FleetOptions options, IReadOnlyList<string> args)
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly string _load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    public string? Failure { get; set; }

    public string? LogDirectory { get; set; }

    public MemoryFigures? Idle { get; set; }

    public MemoryFigures? AtN { get; set; }

    public MemoryFigures? AfterRefreshes { get; set; }

    /// <summary>At N again, after <see cref="FleetOptions.Quiet"/> with nothing to do (null: not measured).</summary>
    public MemoryFigures? AtNQuiet { get; set; }

    public TimeSpan Create { get; set; }

    public TimeSpan AllReady { get; set; }

    public int IssueExchanges { get; set; }

    public RequestTally? IssueRequests { get; set; }

    public double IssueReconciles { get; set; }

    public TimeSpan RestartSteady { get; set; }

    public int RestartExchanges { get; set; }

    public int RestartExchangesDue { get; set; }

    public RequestTally? RestartRequests { get; set; }

    public TimeSpan RefreshWindow { get; set; }

    public int Refreshes { get; set; }

    public double RefreshReconciles { get; set; }

    public RequestTally? RefreshRequests { get; set; }

    public IReadOnlyList<double> Lateness { get; set; } = [];

    public int RefreshedAfterExpiry { get; set; }

    public int ReadyAtEnd { get; set; }

    public int MetricSeries { get; set; }

    public string Heading => $"# Fleet benchmark: {options.Credentials:N0} credentials" + (options.Label is { } label ? $", {label}" : "");

    public void Print()
    {
        Console.WriteLine();
        Console.Write(Markdown());
        if (Failure is not null)
        {
            Console.Error.WriteLine($"fleet: FAILED: {Failure} (operator logs in {LogDirectory})");
        }
    }

    public string Markdown()
    {
        var n = options.Credentials;
        var text = new StringBuilder()
            .AppendLine(Heading)
            .AppendLine()
            .AppendLine(Invariant($"Run {_started:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}, {Environment.ProcessorCount} cores (nproc), .NET {Environment.Version}; load average at start {_load} (other builds share the machine)."))
            .AppendLine(Invariant($"Command: `dotnet run -c Release --project tests/Operator.Benchmarks -- fleet {string.Join(' ', args)}`."))
            .AppendLine(Invariant($"{n:N0} DelegatedCredentials (aws IRSA → awsCredentials) in {options.Namespaces} namespaces; STS lifetimes capped at {options.Lifetime.TotalSeconds:0} s; operator: {Settings()}."))
            .AppendLine("Kubernetes API requests are the operator ServiceAccount's, counted by the emulator (leader election's Lease renewals left out); exchanges are STS AssumeRoleWithWebIdentity calls.")
            .AppendLine()
            .AppendLine("| measure | value | goal (issue 12) |")
            .AppendLine("|---|---|---|");
        Row(text, "resident memory / managed heap, idle", Idle?.ToString(), "");
        Row(text, Invariant($"create phase ({n:N0} ServiceAccounts + {n:N0} DelegatedCredentials, 16 in flight)"), Seconds(Create), "");
        Row(text, "all Ready, from the first create", Seconds(AllReady), "10,000 in under 60 s including creation");
        Row(text, "exchanges to all Ready", Invariant($"{IssueExchanges:N0} ({IssueExchanges / (double)n:0.##} per credential)"), "1 per credential");
        Row(text, "API requests per issue", IssueRequests?.Format(n, " leases"), "TokenRequest, 1 Secret write, 1 status patch, no GET");
        Row(text, "reconciles per issue", Invariant($"{IssueReconciles / n:0.##}"), "");
        Row(text, "resident memory / managed heap at N (all Ready)", AtN?.ToString(), "under 100 MB at 10,000");
        if (options.Quiet > TimeSpan.Zero)
        {
            Row(text, Invariant($"resident memory / managed heap at N, {options.Quiet.TotalSeconds:0} s later with nothing to do"), AtNQuiet?.ToString(), "under 100 MB at 10,000");
        }

        Row(text, "memory per credential (resident at N − idle) / N", Idle is null || AtN is null ? null : Invariant($"{(AtN.ResidentBytes - Idle.ResidentBytes) / (double)n / 1e3:0.#} KB resident, {(AtN.ManagedBytes - Idle.ManagedBytes) / (double)n / 1e3:0.#} KB managed"), "");
        Row(text, "restart: seconds to steady (new process until every credential reconciled once, queue empty)", Seconds(RestartSteady), "under 10 s");
        Row(text, "restart: exchanges (of them, credentials already due)", Invariant($"{RestartExchanges:N0} ({RestartExchangesDue:N0})"), "0");
        Row(text, "restart: reads (GET Secret, GET ServiceAccount) / writes", RestartRequests is null ? null : Invariant($"{RestartRequests.Reads:N0} / {RestartRequests.Writes:N0}"), "0 / 0");
        Row(text, "restart: all API requests", RestartRequests?.Format(1, " leases"), "");
        if (options.Lifetimes > 0)
        {
            var per = Math.Max(1, Refreshes);
            Row(text, Invariant($"refreshes in {RefreshWindow.TotalSeconds:0} s ({options.Lifetimes} lifetimes)"), Invariant($"{Refreshes:N0}"), "");
            Row(text, "API requests per refresh", RefreshRequests?.Format(per, " leases"), "TokenRequest, 1 write, 1 status patch, no GET");
            Row(text, "reconciles per refresh", Invariant($"{RefreshReconciles / per:0.##}"), "1");
            Row(text, "refresh lateness vs refreshAt p50 / p99 / max", Lateness.Count == 0 ? null : Invariant($"{Percentile(0.50):0.0} s / {Percentile(0.99):0.0} s / {Lateness.Max():0.0} s"), "p50 0 s, p99 1 s at 10,000");
            Row(text, "refreshed after expiry / Ready at the end", Invariant($"{RefreshedAfterExpiry:N0} / {ReadyAtEnd:N0} of {n:N0}"), "0 / all");
            Row(text, "resident memory / managed heap after the refreshes (restarted process)", AfterRefreshes?.ToString(), "under 100 MB at 10,000");
            Row(text, "series on /metrics", Invariant($"{MetricSeries:N0}"), "");
        }

        if (Failure is not null)
        {
            text.AppendLine().AppendLine($"FAILED: {Failure}");
        }

        return text.ToString();
    }

    private string Settings()
    {
        var parts = new List<string>
        {
            options.Workers is { } w ? Invariant($"{w} workers") : "default workers",
            options.Rate is { } r ? Invariant($"{r} exchanges/s") : "default exchange rate",
        };
        parts.AddRange(options.OperatorEnvironment.Select(e => $"{e.Key}={e.Value}"));
        parts.AddRange(options.OperatorArgs);
        return string.Join(", ", parts);
    }

    private double Percentile(double p)
    {
        var sorted = Lateness.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static void Row(StringBuilder text, string measure, string? value, string goal) =>
        text.AppendLine($"| {measure} | {value ?? "not measured"} | {goal} |");

    private static string Seconds(TimeSpan elapsed) => elapsed == TimeSpan.Zero ? "not measured" : Invariant($"{elapsed.TotalSeconds:0.0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
