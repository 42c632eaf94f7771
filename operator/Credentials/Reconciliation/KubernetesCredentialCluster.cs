using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// The reconciler's cluster I/O against the API server, through the writers that already do each part. Reads come from the
/// informers' caches: Secrets through <see cref="CredentialWrites.Secrets"/> (the cache overlaid with our own writes until the
/// watch delivers them), ServiceAccounts from theirs; a name a cache does not hold is asked of the server. Every write is
/// recorded in <see cref="CredentialWrites"/>, whose records keep its watch event from reconciling the object again.
/// </summary>
internal sealed class KubernetesCredentialCluster(
    IKubernetes kubernetes,
    SecretWriter secrets,
    StatusPatcher statusPatcher,
    EventRecorder events,
    RolloutRestarter rollouts,
    Informer<V1ServiceAccount> serviceAccounts,
    Informer<V1Secret> secretInformer,
    CredentialWrites writes) : ICredentialCluster
{
    public async Task<DelegatedCredential?> ReadCredentialAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CustomObjects.GetNamespacedCustomObjectAsync<DelegatedCredential>(
                DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns, DelegatedCredential.Plural, name, cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// From the Secret cache (only Secrets labelled as ours), overlaid with our own writes. A name the cache does not hold is
    /// asked of the server: there may be a Secret without our label (someone else's, or ours with the label removed), which a
    /// first issue must not overwrite. Either way the Secret comes without its data (<see cref="CachedSecret"/>).
    /// </summary>
    public Task<V1Secret?> ReadSecretAsync(string ns, string name, CancellationToken cancellationToken) =>
        CachedOrReadAsync(writes.Secrets.Get(new ObjectKey(ns, name)), secretInformer,
            () => kubernetes.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken));

    /// <summary>
    /// From the ServiceAccount informer's cache: no request per reconcile, and its watch brings every change here. A name the
    /// cache does not hold is asked of the server. The ServiceAccount may have been created just before the credential (one
    /// <c>kubectl apply</c> of both) with its watch event still on the way, and the credential's watch can be the faster:
    /// without the read it would fail as ServiceAccountNotFound, with a Warning, until that event arrived. Only a missing
    /// account costs a read, and its retries are spaced by the backoff.
    /// </summary>
    public Task<V1ServiceAccount?> ReadServiceAccountAsync(string ns, string name, CancellationToken cancellationToken) =>
        CachedOrReadAsync(serviceAccounts.Cache.Get(new ObjectKey(ns, name)), serviceAccounts,
            () => kubernetes.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken));

    public async Task<bool> WriteSecretAsync(V1Secret? existing, V1Secret desired, CancellationToken cancellationToken)
    {
        using var write = writes.SecretWrites.Begin(ObjectKey.Of(desired));
        var written = await secrets.WriteAsync(existing, desired, cancellationToken);
        if (written is null)
        {
            return false;
        }

        write.Completed(written.Metadata?.ResourceVersion);
        writes.Secrets.Mutated(written);
        return true;
    }

    public async Task PatchStatusAsync(DelegatedCredential credential, DelegatedCredentialStatus status, CancellationToken cancellationToken)
    {
        using var write = writes.StatusWrites.Begin(ObjectKey.Of(credential));
        var patched = await statusPatcher.PatchAsync(credential, status, cancellationToken);
        write.Completed(patched?.Metadata?.ResourceVersion);
    }

    public Task RecordEventAsync(DelegatedCredential credential, string type, string reason, string message, CancellationToken cancellationToken) =>
        events.RecordAsync(credential, type, reason, message, cancellationToken);

    public Task RestartRolloutsAsync(DelegatedCredential credential, string dataHash, CancellationToken cancellationToken) =>
        rollouts.RestartAsync(credential, dataHash, cancellationToken);

    /// <summary>The cached object if there is one, else the server's (stripped as its informer caches it), else null.</summary>
    private static async Task<T?> CachedOrReadAsync<T>(T? cached, Informer<T> informer, Func<Task<T>> read)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (cached is not null)
        {
            return cached;
        }

        try
        {
            return informer.Prepare(await read());
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }
}
