namespace Operator.Runtime;

/// <summary>
/// The two calls an informer needs, for one resource type. Kept this small so one <see cref="Informer{T}"/>
/// serves built-in and custom resources, and so tests can script the server.
/// </summary>
internal interface IResourceClient<T>
{
    /// <summary>The resource's plural name, for logs and metrics.</summary>
    string Resource { get; }

    /// <summary>The one namespace listed and watched; null for all namespaces.</summary>
    string? Namespace => null;

    /// <summary>Items carry apiVersion and kind even where the server omits them (built-in lists).</summary>
    Task<ResourcePage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Yields events until the server closes the stream. An ERROR event (e.g. 410 Expired) is thrown as the
    /// client's <c>KubernetesException</c>; a failed request as <c>HttpOperationException</c>.
    /// </summary>
    IAsyncEnumerable<ResourceEvent<T>> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}
