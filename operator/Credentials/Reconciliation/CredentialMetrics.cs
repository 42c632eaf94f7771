using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// The credential lifecycle as Prometheus sees it: per-credential expiry and refresh times (alert on
/// "a Secret holds a token past its expiry"), the slack kept at each refresh, exchanges by provider, target
/// and result, and their latency; and each credential's Ready condition (status and reason), so dashboards count
/// credentials by state and alerts join it with the expiry (config/prometheus/rules.yaml). Labels never carry
/// anything secret. The per-credential families are written at scrape time from the two tables below
/// (<see cref="IScrapeSeries"/>), not kept as prometheus-net series: about 1.7 KB per credential less.
/// </summary>
internal sealed class CredentialMetrics : IScrapeSeries
{
    private const string Expiry = MeterName + "_expiry_timestamp_seconds";
    private const string Refresh = MeterName + "_refresh_timestamp_seconds";
    private const string Ready = MeterName + "_ready";

    /// <summary>
    /// prometheus-net exports an instrument as <c>{meter}_{instrument}</c> (as <see cref="Runtime.RuntimeMetrics"/> relies
    /// on), so the meter is named after the exported prefix: <c>delegatedcredential_expiry_timestamp_seconds</c>, as the
    /// README, config/prometheus/rules.yaml and dashboard.json name them.
    /// </summary>
    public const string MeterName = "delegatedcredential";

    /// <summary>
    /// One entry per credential for all three families (two tables were about 150 bytes a credential more). The reason is
    /// shared through <see cref="StringPool"/>: a handful of values across a fleet.
    /// </summary>
    private readonly ConcurrentDictionary<(string Namespace, string Name), Series> _series = new();
    private readonly Counter<long> _exchanges;
    private readonly Histogram<double> _exchangeDuration;
    private readonly Histogram<double> _remainingAtRefresh;
    private readonly Counter<long> _secretWrites;
    private readonly Counter<long> _rolloutRestarts;

    public CredentialMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _remainingAtRefresh = meter.CreateHistogram<double>("remaining_validity_at_refresh_seconds", "s",
            "How much validity the replaced credential still had when it was refreshed.");
        _exchanges = meter.CreateCounter<long>("exchanges_total",
            description: "Exchanges by provider, target and result (success or the failure reason).");
        _exchangeDuration = meter.CreateHistogram<double>("exchange_duration_seconds", "s",
            "Time from TokenRequest to the target's answer.");
        _secretWrites = meter.CreateCounter<long>("secret_writes_total", description: "Secrets created or updated.");
        _rolloutRestarts = meter.CreateCounter<long>("rollout_restarts_total",
            description: "Workloads restarted because a Secret they read as env vars rotated.");
    }

    public void Scheduled(string ns, string name, DateTimeOffset expiry, DateTimeOffset refresh) =>
        _series.AddOrUpdate((ns, name), static (_, at) => new Series { Expiry = at.expiry, Refresh = at.refresh, Scheduled = true },
            static (_, old, at) => old with { Expiry = at.expiry, Refresh = at.refresh, Scheduled = true }, (expiry, refresh));

    /// <summary>The Ready condition just written to the object's status.</summary>
    public void Reported(string ns, string name, bool ready, string reason) =>
        _series.AddOrUpdate((ns, name), static (_, c) => new Series { Ready = c.ready, Reason = c.reason, Reported = true },
            static (_, old, c) => old with { Ready = c.ready, Reason = c.reason, Reported = true }, (ready, reason: StringPool.Shared.Get(reason)));

    public void Forget(string ns, string name) => _series.TryRemove((ns, name), out _);

    public void Exchanged(string provider, string target, string result, TimeSpan elapsed)
    {
        var tags = new TagList { { "provider", provider }, { "target", target } };
        _exchangeDuration.Record(elapsed.TotalSeconds, tags);
        tags.Add("result", result);
        _exchanges.Add(1, tags);
    }

    public void Refreshed(TimeSpan remainingValidity) => _remainingAtRefresh.Record(Math.Max(0, remainingValidity.TotalSeconds));

    public void SecretWritten() => _secretWrites.Add(1);

    public void RolloutRestarted(string kind) => _rolloutRestarts.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public async ValueTask WriteAsync(SeriesWriter writer, CancellationToken cancellationToken)
    {
        writer.Gauge(Expiry, "When the credential in each DelegatedCredential's Secret expires (Unix time).");
        foreach (var ((ns, name), series) in _series)
        {
            if (series.Scheduled)
            {
                writer.Sample(Expiry, UnixSeconds(series.Expiry), ("namespace", ns), ("name", name));
                await writer.FlushWhenFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.Gauge(Refresh, "When each DelegatedCredential is next refreshed or retried (Unix time).");
        foreach (var ((ns, name), series) in _series)
        {
            if (series.Scheduled)
            {
                writer.Sample(Refresh, UnixSeconds(series.Refresh), ("namespace", ns), ("name", name));
                await writer.FlushWhenFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.Gauge(Ready, "Each DelegatedCredential's Ready condition as last written to its status: 1 True, 0 False; reason is the condition's reason.");
        foreach (var ((ns, name), series) in _series)
        {
            if (series.Reported)
            {
                writer.Sample(Ready, series.Ready ? 1 : 0, ("namespace", ns), ("name", name), ("reason", series.Reason ?? ""));
                await writer.FlushWhenFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static double UnixSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>A credential's series: its schedule once it has one, its Ready condition once one was reported.</summary>
    private readonly record struct Series
    {
        public DateTimeOffset Expiry { get; init; }

        public DateTimeOffset Refresh { get; init; }

        public bool Scheduled { get; init; }

        public bool Ready { get; init; }

        public string? Reason { get; init; }

        public bool Reported { get; init; }
    }
}
