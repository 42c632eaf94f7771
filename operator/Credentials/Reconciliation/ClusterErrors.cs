using System.Collections.Concurrent;
using k8s.Autorest;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Consecutive Kubernetes API errors per object, for their own short retry schedule
/// (<see cref="RefreshSchedule.ApiErrorDelay"/>); cleared by the next reconcile that gets through.
/// </summary>
internal sealed class ClusterErrors
{
    private readonly ConcurrentDictionary<ObjectKey, int> _counts = new();

    /// <summary>
    /// Whether the exception is the API server's answer or the way to it failing: these are retried quickly and
    /// never on the exchange's schedule. Anything else is a bug and keeps the runtime's own backoff and stack trace.
    /// </summary>
    public static bool IsClusterError(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpOperationException or HttpRequestException or IOException or TimeoutException or k8s.KubernetesException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public int Failed(ObjectKey key) => _counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    /// <summary>Also called when the object is gone, so nothing is kept for it.</summary>
    public void Succeeded(ObjectKey key) => _counts.TryRemove(key, out _);
}
