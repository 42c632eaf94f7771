namespace Operator.Runtime;

/// <summary>Options of one controller. The defaults are controller-runtime's where it has one.</summary>
internal sealed record ControllerOptions
{
    /// <summary>Workers; one key is still never reconciled by two of them at once.</summary>
    public int MaxConcurrentReconciles { get; init; } = 1;

    /// <summary>Per-key retry delay after a failure: doubles from the initial value up to the cap, with jitter.</summary>
    public Backoff FailureBackoff { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>
    /// The deadline of one reconcile: past it, the reconcile's token is cancelled and the attempt counts as a failure
    /// (backoff, a warning, <c>controller_runtime_reconcile_errors_total</c>), so a slow endpoint cannot hold a worker.
    /// A reconcile still running at twice the deadline (it ignored the cancellation) makes the controller unhealthy.
    /// </summary>
    public TimeSpan ReconcileTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the workers wait for the caches before the controller gives up.</summary>
    public TimeSpan CacheSyncTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
