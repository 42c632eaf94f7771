using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Operator.Runtime;

/// <summary>
/// The runtime's instruments. prometheus-net exports an instrument as <c>{meter}_{instrument}</c>, so the meters
/// are named after the Prometheus prefixes and the exported names are exactly controller-runtime's and
/// client-go's (<c>controller_runtime_reconcile_total</c>, <c>workqueue_depth</c>…): existing dashboards and
/// alerts read them unchanged.
/// </summary>
internal sealed class RuntimeMetrics
{
    public const string ControllerMeter = "controller_runtime";
    public const string WorkQueueMeter = "workqueue";
    public const string LeaderElectionMeter = "leader_election";
    public const string InformerMeter = "informer";

    private readonly Counter<long> _reconcileTotal;
    private readonly Counter<long> _reconcileErrors;
    private readonly Histogram<double> _reconcileTime;
    private readonly ConcurrentDictionary<string, Func<int>> _queueDepths = new();
    private readonly Counter<long> _queueAdds;
    private readonly Counter<long> _queueRetries;
    private readonly Histogram<double> _queueLatency;
    private readonly Counter<long> _watchRestarts;
    private int _leading;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var controller = meterFactory.Create(ControllerMeter);
        _reconcileTotal = controller.CreateCounter<long>("reconcile_total", description: "Reconciles by controller and result.");
        _reconcileErrors = controller.CreateCounter<long>("reconcile_errors_total", description: "Reconciles that failed.");
        _reconcileTime = controller.CreateHistogram<double>("reconcile_time_seconds", "s", "Time spent in a reconcile.");
        var queue = meterFactory.Create(WorkQueueMeter);
        queue.CreateObservableGauge("depth", ObserveDepths, description: "Keys ready in the work queue.");
        _queueAdds = queue.CreateCounter<long>("adds_total", description: "Keys added to the work queue.");
        _queueRetries = queue.CreateCounter<long>("retries_total", description: "Keys re-added with backoff after a failure.");
        _queueLatency = queue.CreateHistogram<double>("queue_duration_seconds", "s", "Time a key waited in the queue before a worker took it.");
        _watchRestarts = meterFactory.Create(InformerMeter)
            .CreateCounter<long>("watch_restarts_total", description: "Watches restarted, by resource and reason.");
        meterFactory.Create(LeaderElectionMeter)
            .CreateObservableGauge("master_status", () => Volatile.Read(ref _leading), description: "1 while this instance holds the lease.");
    }

    public void ReconcileCompleted(string controller, string result, TimeSpan elapsed)
    {
        _reconcileTotal.Add(1, new TagList { { "controller", controller }, { "result", result } });
        _reconcileTime.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("controller", controller));
        if (result == ReconcileOutcome.Error)
        {
            _reconcileErrors.Add(1, new KeyValuePair<string, object?>("controller", controller));
        }
    }

    /// <summary>Reports the queue's depth on every scrape, under its name.</summary>
    public void TrackQueue(string queue, Func<int> depth) => _queueDepths[queue] = depth;

    public void QueueAdded(string queue) => _queueAdds.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void QueueRetried(string queue) => _queueRetries.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void QueueWaited(string queue, TimeSpan waited) => _queueLatency.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("name", queue));

    public void WatchRestarted(string resource, string reason) =>
        _watchRestarts.Add(1, new TagList { { "resource", resource }, { "reason", reason } });

    public void LeadershipChanged(bool leading) => Volatile.Write(ref _leading, leading ? 1 : 0);

    private IEnumerable<Measurement<int>> ObserveDepths() =>
        _queueDepths.Select(q => new Measurement<int>(q.Value(), new KeyValuePair<string, object?>("name", q.Key)));
}
