using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>Level-triggered reconcile of one key: makes the world match the object's latest state.</summary>
internal interface IReconciler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// <paramref name="current"/> is a private copy of the latest cached object, or null when the object no
    /// longer exists (clean up). Throw to be retried with backoff.
    /// </summary>
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, T? current, CancellationToken cancellationToken);
}
