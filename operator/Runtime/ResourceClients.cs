using System.Reflection;
using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// Resource clients for the kinds an operator watches, across all namespaces or in one (an informer of several namespaces
/// takes one client each: <see cref="PerNamespace{T}"/>).
/// </summary>
internal static class ResourceClients
{
    public static IResourceClient<V1Secret> Secrets(IKubernetes client, string? ns = null) =>
        new KubernetesResourceClient<V1Secret, V1SecretList>("secrets", (q, ct) => ns is null
            ? client.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: q.AllowWatchBookmarks, continueParameter: q.Continue, labelSelector: q.LabelSelector,
                limit: q.Limit, resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch,
                cancellationToken: ct)
            : client.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(
                ns, allowWatchBookmarks: q.AllowWatchBookmarks, continueParameter: q.Continue, labelSelector: q.LabelSelector,
                limit: q.Limit, resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch,
                cancellationToken: ct), ns);

    public static IResourceClient<V1ServiceAccount> ServiceAccounts(IKubernetes client, string? ns = null) =>
        new KubernetesResourceClient<V1ServiceAccount, V1ServiceAccountList>("serviceaccounts", (q, ct) => ns is null
            ? client.CoreV1.ListServiceAccountForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: q.AllowWatchBookmarks, continueParameter: q.Continue, labelSelector: q.LabelSelector,
                limit: q.Limit, resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch,
                cancellationToken: ct)
            : client.CoreV1.ListNamespacedServiceAccountWithHttpMessagesAsync(
                ns, allowWatchBookmarks: q.AllowWatchBookmarks, continueParameter: q.Continue, labelSelector: q.LabelSelector,
                limit: q.Limit, resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch,
                cancellationToken: ct), ns);

    /// <summary>A custom resource; group, version and plural come from <typeparamref name="T"/>'s [KubernetesEntity].</summary>
    public static IResourceClient<T> Custom<T, TList>(IKubernetes client, string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute.");
        var (group, version, plural) = (entity.Group, entity.ApiVersion, entity.PluralName);
        return new KubernetesResourceClient<T, TList>(plural, (q, ct) => ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TList>(
                group, version, plural, allowWatchBookmarks: q.AllowWatchBookmarks, continueParameter: q.Continue,
                labelSelector: q.LabelSelector, limit: q.Limit, resourceVersion: q.ResourceVersion,
                timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TList>(
                group, version, ns, plural, allowWatchBookmarks: q.AllowWatchBookmarks, continueParameter: q.Continue,
                labelSelector: q.LabelSelector, limit: q.Limit, resourceVersion: q.ResourceVersion,
                timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct), ns);
    }

    /// <summary>One client for all namespaces when <paramref name="namespaces"/> is empty, else one per namespace.</summary>
    public static IReadOnlyList<IResourceClient<T>> PerNamespace<T>(IReadOnlyList<string> namespaces, Func<string?, IResourceClient<T>> client) =>
        namespaces.Count == 0 ? [client(null)] : [.. namespaces.Select(ns => client(ns))];
}
