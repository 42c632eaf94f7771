using System.Reflection;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// <see cref="IResourceClient{T}"/> over KubernetesClient's generated list call, so one informer works for
/// Secrets (CoreV1) and custom resources (CustomObjects) alike. Use the <see cref="ResourceClients"/> factories.
/// </summary>
internal sealed class KubernetesResourceClient<T, TList>(
    string resource,
    Func<CollectionQuery, CancellationToken, Task<HttpOperationResponse<TList>>> call,
    string? ns = null) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private static readonly KubernetesEntityAttribute s_entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute.");

    private static readonly string s_apiVersion = string.IsNullOrEmpty(s_entity.Group)
        ? s_entity.ApiVersion
        : $"{s_entity.Group}/{s_entity.ApiVersion}";

    public string Resource => resource;

    public string? Namespace => ns;

    public async Task<ResourcePage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        using var response = await call(new CollectionQuery(request.LabelSelector, request.Limit, request.Continue), cancellationToken)
            .ConfigureAwait(false);
        var list = response.Body;
        var items = list.Items ?? [];
        foreach (var item in items)
        {
            // Built-in list items come without apiVersion/kind; owner references and events need them.
            item.ApiVersion ??= s_apiVersion;
            item.Kind ??= s_entity.Kind;
        }

        return new ResourcePage<T>([.. items], list.Metadata?.ResourceVersion ?? "", list.Metadata?.ContinueProperty)
        {
            Unreadable = list.Items is ReadableItems<T> readable ? readable.Unreadable : [],
        };
    }

    public async IAsyncEnumerable<ResourceEvent<T>> WatchAsync(
        WatchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new CollectionQuery(request.LabelSelector, ResourceVersion: request.ResourceVersion, Watch: true,
            AllowWatchBookmarks: true, TimeoutSeconds: request.TimeoutSeconds);

        // The client reports ERROR events (410 Expired among them) only through onError and keeps reading;
        // stop the stream at once and rethrow, so the informer can relist.
        Exception? error = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
#pragma warning disable CS0618 // WatchAsync is obsolete but is the only typed watch that takes every query parameter.
        var events = call(query, stop.Token).WatchAsync<T, TList>(
            ex =>
            {
                error ??= ex;
                stop.Cancel();
            },
            stop.Token);
#pragma warning restore CS0618
        await using var enumerator = events.GetAsyncEnumerator(stop.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (error is not null && !cancellationToken.IsCancellationRequested)
            {
                more = false;
            }

            if (error is not null)
            {
                throw error;
            }

            if (!more)
            {
                yield break;
            }

            var (type, item) = enumerator.Current;
            yield return new ResourceEvent<T>(type, item);
        }
    }
}
