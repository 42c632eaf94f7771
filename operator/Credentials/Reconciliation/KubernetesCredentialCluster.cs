using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>The reconciler's cluster I/O against the API server, through the writers that already do each part.</summary>
internal sealed class KubernetesCredentialCluster(
    IKubernetes kubernetes,
    SecretWriter secrets,
    StatusPatcher statusPatcher,
    EventRecorder events,
    RolloutRestarter rollouts,
    Informer<V1ServiceAccount> serviceAccounts) : ICredentialCluster
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

    public async Task<V1Secret?> ReadSecretAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>From the ServiceAccount informer's cache: no request per reconcile, and its watch brings every change here.</summary>
    public Task<V1ServiceAccount?> ReadServiceAccountAsync(string ns, string name, CancellationToken cancellationToken) =>
        Task.FromResult(serviceAccounts.Cache.Get(new ObjectKey(ns, name)));

    public Task<bool> WriteSecretAsync(V1Secret? existing, V1Secret desired, CancellationToken cancellationToken) =>
        secrets.WriteAsync(existing, desired, cancellationToken);

    public Task PatchStatusAsync(DelegatedCredential credential, DelegatedCredentialStatus status, CancellationToken cancellationToken) =>
        statusPatcher.PatchAsync(credential, status, cancellationToken);

    public Task RecordEventAsync(DelegatedCredential credential, string type, string reason, string message, CancellationToken cancellationToken) =>
        events.RecordAsync(credential, type, reason, message, cancellationToken);

    public Task RestartRolloutsAsync(DelegatedCredential credential, string dataHash, CancellationToken cancellationToken) =>
        rollouts.RestartAsync(credential, dataHash, cancellationToken);
}
