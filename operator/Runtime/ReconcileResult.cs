namespace Operator.Runtime;

/// <summary>
/// What a reconcile asks of the controller when it succeeds. <see cref="RequeueAfter"/> schedules the next
/// run (the earliest pending deadline wins); null waits for the next change. Failures are exceptions, which
/// are retried with per-key backoff.
/// </summary>
internal sealed record ReconcileResult(TimeSpan? RequeueAfter = null)
{
    public static ReconcileResult Done { get; } = new();

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
