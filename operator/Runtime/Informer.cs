using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> equal to the server's state for one resource type and tells its handlers of
/// each change. A <see cref="Reflector{T}"/> per resource client fills it: one for all namespaces, or one per watched
/// namespace (controller-runtime's multi-namespace cache), each relist replacing only its own namespace's part.
/// Every object the server sends passes through the informer's transform before it is cached or handed to a handler
/// (client-go's <c>SetTransform</c>): by default <see cref="ObjectTransforms.StripManagedFields{T}"/>, so the cache keeps only what the
/// operator reads (as compressed JSON: <see cref="ObjectCache{T}"/>).
/// </summary>
internal sealed partial class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<Action<InformerEvent<T>>> _handlers = [];
    private readonly IReadOnlyList<Reflector<T>> _reflectors;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<T, T> _transform;

    public Informer(IResourceClient<T> client, InformerOptions options, TimeProvider time, ILogger<Informer<T>> logger,
        RuntimeMetrics? metrics = null, Func<T, T>? transform = null)
        : this([client], options, time, logger, metrics, transform)
    {
    }

    /// <param name="clients">One per namespace watched; never two for the same namespace, nor an all-namespaces one beside others.</param>
    /// <param name="transform">Applied to every object from the server before caching (default: managedFields stripped, strings shared).</param>
    public Informer(IReadOnlyList<IResourceClient<T>> clients, InformerOptions options, TimeProvider time, ILogger<Informer<T>> logger,
        RuntimeMetrics? metrics = null, Func<T, T>? transform = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(clients.Count);
        if (clients.Count > 1 && clients.Any(c => c.Namespace is null))
        {
            throw new ArgumentException("An informer of several clients needs one namespace each.", nameof(clients));
        }

        _options = options;
        _time = time;
        _transform = transform ?? ObjectTransforms.StripManagedFields;
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

    /// <summary>
    /// The object as this informer caches it (transform applied): for objects read or written outside the watch
    /// (a GET on a cache miss, a write's response), so they look exactly like the cached ones. Only for objects fresh from
    /// the server: a transform need not be idempotent.
    /// </summary>
    public T Prepare(T obj) => _transform(obj);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_reflectors.Select(r => r.Synced)).WaitAsync(cancellationToken);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_reflectors.Select(r => r.RunAsync(cancellationToken)));
}
