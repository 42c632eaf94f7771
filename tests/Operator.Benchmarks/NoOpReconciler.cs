using Operator.Runtime;

namespace Operator.Benchmarks;

/// <summary>Counts reconciles and does nothing else, so the figures measure the runtime alone.</summary>
internal sealed class NoOpReconciler : IReconciler<BenchWidget>
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, BenchWidget? current, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.FromResult(ReconcileResult.Done);
    }
}
