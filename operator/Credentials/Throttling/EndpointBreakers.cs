using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Operator.Credentials.Throttling;

/// <summary>
/// A breaker per cloud endpoint and per target service (the same keys as <see cref="ExchangeRateLimiter"/>), and
/// the metric <c>delegatedcredential_endpoint_breaker_state</c> (0 closed, 1 open, 2 half-open) per endpoint.
/// </summary>
internal sealed class EndpointBreakers
{
    /// <summary>The same exported prefix as <see cref="Reconciliation.CredentialMetrics.MeterName"/>.</summary>
    public const string MeterName = "delegatedcredential";

    private readonly ConcurrentDictionary<string, EndpointBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _firstOpen;
    private readonly TimeSpan _maxOpen;

    /// <param name="firstOpen">How long a breaker stays open the first time (then doubling).</param>
    /// <param name="maxOpen">The longest it stays open: the cadence at which a failing endpoint is probed.</param>
    public EndpointBreakers(TimeProvider time, TimeSpan firstOpen, TimeSpan maxOpen, IMeterFactory? meterFactory = null)
    {
        (_time, _firstOpen, _maxOpen) = (time, firstOpen, maxOpen);
        meterFactory?.Create(MeterName).CreateObservableGauge("endpoint_breaker_state",
            () => _breakers.Select(b => new Measurement<int>((int)b.Value.State, new KeyValuePair<string, object?>("endpoint", b.Key))),
            description: "Each cloud endpoint's and target service's breaker: 0 closed, 1 open (failing; only probes go through), 2 half-open.");
    }

    public static string Cloud(string endpoint) => "cloud:" + endpoint;

    public static string Target(string target) => "target:" + target;

    /// <summary>Raised with the endpoint's key when a probe's answer closes its breaker: the waiting exchanges may go.</summary>
    public event Action<string>? Closed;

    public EndpointBreaker For(string key) =>
        _breakers.GetOrAdd(key, k => new EndpointBreaker(_time, _firstOpen, _maxOpen, () => Closed?.Invoke(k)));

    public BreakerState StateOf(string key) => _breakers.TryGetValue(key, out var breaker) ? breaker.State : BreakerState.Closed;
}
