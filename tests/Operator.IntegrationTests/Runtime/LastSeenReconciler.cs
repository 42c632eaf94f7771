using System.Collections.Concurrent;
using k8s.Models;
using Operator.Runtime;

namespace Operator.IntegrationTests.Runtime;

/// <summary>
/// Remembers, per key, the resourceVersion of the object it last reconciled (null: reconciled as deleted), and
/// runs an optional action. Convergence means this view equals the server's.
/// </summary>
internal sealed class LastSeenReconciler : IReconciler<V1Secret>
{
    private readonly ConcurrentDictionary<ObjectKey, int> _activePerKey = new();
    private int _active;

    public ConcurrentDictionary<ObjectKey, string?> LastSeen { get; } = new();

    public int MaxConcurrent;

    /// <summary>The most reconciles of one key ever running at once: 1 unless the queue broke its promise.</summary>
    public int MaxConcurrentPerKey;

    public int Reconciles;

    public Func<ObjectKey, V1Secret?, CancellationToken, Task>? Action { get; set; }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, V1Secret? current, CancellationToken cancellationToken)
    {
        var active = Interlocked.Increment(ref _active);
        InterlockedMax(ref MaxConcurrent, active);
        InterlockedMax(ref MaxConcurrentPerKey, _activePerKey.AddOrUpdate(key, 1, (_, n) => n + 1));
        Interlocked.Increment(ref Reconciles);
        try
        {
            if (Action is not null)
            {
                await Action(key, current, cancellationToken);
            }

            LastSeen[key] = current?.ResourceVersion();
            return ReconcileResult.Done;
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _activePerKey.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
