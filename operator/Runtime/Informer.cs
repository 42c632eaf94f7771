using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> equal to the server's state for one resource type and tells its handlers of
/// each change. A <see cref="Reflector{T}"/> per resource client fills it: one for all namespaces, or one per watched
/// namespace (controller-runtime's multi-namespace cache), each relist replacing only its own namespace's part.
/// </summary>
internal sealed partial class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<Action<InformerEvent<T>>> _handlers = [];
    private readonly IReadOnlyList<Reflector<T>> _reflectors;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;

    public Informer(IResourceClient<T> client, InformerOptions options, TimeProvider time, ILogger<Informer<T>> logger,
        RuntimeMetrics? metrics = null)
        : this([client], options, time, logger, metrics)
    {
    }

    /// <param name="clients">One per namespace watched; never two for the same namespace, nor an all-namespaces one beside others.</param>
    public Informer(IReadOnlyList<IResourceClient<T>> clients, InformerOptions options, TimeProvider time, ILogger<Informer<T>> logger,
        RuntimeMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(clients.Count);
        if (clients.Count > 1 && clients.Any(c => c.Namespace is null))
        {
            throw new ArgumentException("An informer of several clients needs one namespace each.", nameof(clients));
        }

        _options = options;
        _time = time;
        _reflectors = [.. clients.Select(c => new Reflector<T>(c, this, options, time, logger, metrics))];
        Resource = clients[0].Resource;
    }

    public ObjectCache<T> Cache { get; } = new();

    public string Resource { get; }

    public bool HasSynced => _reflectors.All(r => r.Synced.IsCompleted);

    /// <summary>The server resourceVersion the cache reflects (one per namespace watched, comma-separated).</summary>
    public string ResourceVersion => string.Join(',', _reflectors.Select(r => r.ResourceVersion));

    /// <summary>The oldest progress of any of its loops.</summary>
    public DateTimeOffset LastProgress => _reflectors.Min(r => r.LastProgress);

    /// <summary>
    /// Progress is a list, an event, a bookmark or a clean close; a healthy watch makes some at least once per
    /// server timeout, so twice the longest timeout without any means the loop is stuck.
    /// </summary>
    public bool IsAlive => _time.GetUtcNow() - LastProgress < TimeSpan.FromSeconds(2 * _options.MaxWatchTimeoutSeconds);

    /// <summary>Registers a handler, called on the informer's loop after each cache change: it must not block.</summary>
    public void AddHandler(Action<InformerEvent<T>> handler)
    {
        lock (_handlers)
        {
            _handlers.Add(handler);
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_reflectors.Select(r => r.Synced)).WaitAsync(cancellationToken);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_reflectors.Select(r => r.RunAsync(cancellationToken)));
}
