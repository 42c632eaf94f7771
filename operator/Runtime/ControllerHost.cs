namespace Operator.Runtime;

/// <summary>
/// Runs every registered informer and controller for one term of leadership. Informers run once per process:
/// losing the lease ends the process (as in controller-runtime) rather than restarting them in place, which is
/// where KubeOps lost its watchers.
/// </summary>
internal sealed class ControllerHost(IEnumerable<IController> controllers)
{
    private int _running;

    public IReadOnlyList<IController> Controllers { get; } = [.. controllers];

    public IReadOnlyList<IInformer> Informers => [.. Controllers.SelectMany(c => c.Informers).Distinct()];

    /// <summary>True while the informers and controllers run (this instance leads, or election is off).</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The controllers are already running.");
        }

        // One failed piece (a cache that never syncs, a crashed loop) stops them all, so the failure surfaces
        // instead of leaving informers running for controllers that are gone.
        using var all = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var informers = Informers.Select(i => Task.Run(() => i.RunAsync(all.Token), CancellationToken.None));
            var workers = Controllers.Select(c => Task.Run(() => c.RunAsync(all.Token), CancellationToken.None));
            Task[] tasks = [.. informers, .. workers];
            await Task.WhenAny(tasks).ConfigureAwait(false);
            await all.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
