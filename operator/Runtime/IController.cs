namespace Operator.Runtime;

/// <summary>A controller of any type, as the host runs it while this instance leads.</summary>
internal interface IController
{
    string Name { get; }

    IReadOnlyList<IInformer> Informers { get; }

    /// <summary>Reconciles running past twice their deadline: they ignored the cancellation and hold a worker.</summary>
    IReadOnlyList<ObjectKey> StuckReconciles();

    /// <summary>Waits for the caches, runs the workers until cancelled, then drains them.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
