namespace Operator.Runtime;

/// <summary>What the controller host and the health checks need from an informer of any type.</summary>
internal interface IInformer
{
    string Resource { get; }

    /// <summary>True once the first full LIST is in the cache.</summary>
    bool HasSynced { get; }

    /// <summary>False when the informer has made no progress (list, event, bookmark, clean close) for too long.</summary>
    bool IsAlive { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    Task RunAsync(CancellationToken cancellationToken);
}
