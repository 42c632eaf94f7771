using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>An informer whose state the test sets.</summary>
internal sealed class FakeInformer(string resource) : IInformer
{
    public string Resource => resource;

    public bool HasSynced { get; set; }

    public bool IsAlive { get; set; } = true;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken)
        .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}

/// <summary>A controller that does nothing but run until cancelled, over the given informers.</summary>
internal sealed class FakeController(params IInformer[] informers) : IController
{
    public string Name => "fake";

    public IReadOnlyList<IInformer> Informers => informers;

    public List<ObjectKey> Stuck { get; } = [];

    public IReadOnlyList<ObjectKey> StuckReconciles() => Stuck;

    public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken)
        .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}
