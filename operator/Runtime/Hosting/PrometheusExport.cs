using Prometheus;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Publishes every System.Diagnostics.Metrics meter to prometheus-net's default registry from process start.
/// Left to itself, prometheus-net attaches its Meter adapter only at the first scrape, and whatever was
/// counted before that (a start-up burst of reconciles) would never show.
/// </summary>
internal static class PrometheusExport
{
    private static readonly Lazy<IDisposable> s_adapter = new(() =>
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
        return MeterAdapter.StartListening();
    });

    public static void EnsureStarted() => _ = s_adapter.Value;
}
