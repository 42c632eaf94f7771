using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Operator.Runtime;

/// <summary>
/// The runtime's instruments, named like controller-runtime's and client-go's so existing dashboards and
/// alerts read them unchanged once exported to Prometheus.
/// </summary>
internal sealed class RuntimeMetrics
{
    public const string MeterName = "Operator.Runtime";

    private readonly Counter<long> _reconcileTotal;
    private readonly Counter<long> _reconcileErrors;
    private readonly Histogram<double> _reconcileTime;
    private readonly UpDownCounter<long> _queueDepth;
    private readonly Counter<long> _queueAdds;
    private readonly Counter<long> _queueRetries;
    private readonly Histogram<double> _queueLatency;
    private readonly Counter<long> _watchRestarts;
    private int _leading;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reconcileTotal = meter.CreateCounter<long>("controller_runtime_reconcile_total", description: "Reconciles by controller and result.");
        _reconcileErrors = meter.CreateCounter<long>("controller_runtime_reconcile_errors_total", description: "Reconciles that failed.");
        _reconcileTime = meter.CreateHistogram<double>("controller_runtime_reconcile_time_seconds", "s", "Time spent in a reconcile.");
        _queueDepth = meter.CreateUpDownCounter<long>("workqueue_depth", description: "Keys waiting in the work queue.");
        _queueAdds = meter.CreateCounter<long>("workqueue_adds_total", description: "Keys added to the work queue.");
        _queueRetries = meter.CreateCounter<long>("workqueue_retries_total", description: "Keys re-added with backoff after a failure.");
        _queueLatency = meter.CreateHistogram<double>("workqueue_queue_duration_seconds", "s", "Time a key waited in the queue before a worker took it.");
        _watchRestarts = meter.CreateCounter<long>("informer_watch_restarts_total", description: "Watches restarted, by resource and reason.");
        meter.CreateObservableGauge("leader_election_master_status", () => Volatile.Read(ref _leading), description: "1 while this instance holds the lease.");
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

    public void QueueDepthChanged(string queue, int delta) => _queueDepth.Add(delta, new KeyValuePair<string, object?>("name", queue));

    public void QueueAdded(string queue) => _queueAdds.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void QueueRetried(string queue) => _queueRetries.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void QueueWaited(string queue, TimeSpan waited) => _queueLatency.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("name", queue));

    public void WatchRestarted(string resource, string reason) =>
        _watchRestarts.Add(1, new TagList { { "resource", resource }, { "reason", reason } });

    public void LeadershipChanged(bool leading) => Volatile.Write(ref _leading, leading ? 1 : 0);
}

/// <summary>The <c>result</c> label values of <c>controller_runtime_reconcile_total</c>.</summary>
internal static class ReconcileOutcome
{
    public const string Success = "success";
    public const string RequeueAfter = "requeue_after";
    public const string Error = "error";
    public const string Conflict = "conflict";
}
