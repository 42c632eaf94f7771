using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// The credential lifecycle as Prometheus sees it: per-credential expiry and refresh times (alert on
/// "a Secret holds a token past its expiry"), the slack kept at each refresh, exchanges by provider, target
/// and result, and their latency. Labels never carry anything secret.
/// </summary>
internal sealed class CredentialMetrics
{
    public const string MeterName = "Operator.Credentials";

    private readonly ConcurrentDictionary<(string Namespace, string Name), (DateTimeOffset Expiry, DateTimeOffset Refresh)> _schedules = new();
    private readonly Counter<long> _exchanges;
    private readonly Histogram<double> _exchangeDuration;
    private readonly Histogram<double> _remainingAtRefresh;
    private readonly Counter<long> _secretWrites;
    private readonly Counter<long> _rolloutRestarts;

    public CredentialMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("delegatedcredential_expiry_timestamp_seconds",
            () => Observe(s => s.Expiry), "s", "When the credential in each DelegatedCredential's Secret expires (Unix time).");
        meter.CreateObservableGauge("delegatedcredential_refresh_timestamp_seconds",
            () => Observe(s => s.Refresh), "s", "When each DelegatedCredential is next refreshed or retried (Unix time).");
        _remainingAtRefresh = meter.CreateHistogram<double>("delegatedcredential_remaining_validity_at_refresh_seconds", "s",
            "How much validity the replaced credential still had when it was refreshed.");
        _exchanges = meter.CreateCounter<long>("delegatedcredential_exchanges_total",
            description: "Exchanges by provider, target and result (success or the failure reason).");
        _exchangeDuration = meter.CreateHistogram<double>("delegatedcredential_exchange_duration_seconds", "s",
            "Time from TokenRequest to the target's answer.");
        _secretWrites = meter.CreateCounter<long>("delegatedcredential_secret_writes_total", description: "Secrets created or updated.");
        _rolloutRestarts = meter.CreateCounter<long>("delegatedcredential_rollout_restarts_total",
            description: "Workloads restarted because a Secret they read as env vars rotated.");
    }

    public void Scheduled(string ns, string name, DateTimeOffset expiry, DateTimeOffset refresh) => _schedules[(ns, name)] = (expiry, refresh);

    public void Forget(string ns, string name) => _schedules.TryRemove((ns, name), out _);

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

    private IEnumerable<Measurement<double>> Observe(Func<(DateTimeOffset Expiry, DateTimeOffset Refresh), DateTimeOffset> pick) =>
        _schedules.Select(e => new Measurement<double>(
            pick(e.Value).ToUnixTimeMilliseconds() / 1000.0,
            new KeyValuePair<string, object?>("namespace", e.Key.Namespace),
            new KeyValuePair<string, object?>("name", e.Key.Name)));
}
