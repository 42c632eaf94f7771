using System.Collections.Concurrent;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>Records each reconcile and answers with what <see cref="Behaviour"/> decides.</summary>
internal sealed class RecordingReconciler : IReconciler<V1Secret>
{
    public ConcurrentQueue<(ObjectKey Key, V1Secret? Current)> Calls { get; } = new();

    public Func<ObjectKey, int, CancellationToken, Task<ReconcileResult>> Behaviour { get; set; } =
        (_, _, _) => Task.FromResult(ReconcileResult.Done);

    public int CallsFor(ObjectKey key) => Calls.Count(c => c.Key == key);

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, V1Secret? current, CancellationToken cancellationToken)
    {
        Calls.Enqueue((key, current));
        return Behaviour(key, CallsFor(key), cancellationToken);
    }
}
