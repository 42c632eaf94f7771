using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// The cluster as the DelegatedCredential reconciler sees it: every read and write it makes goes through here,
/// so the reconcile's sequencing can be tested against an in-memory stand-in. <see cref="KubernetesCredentialCluster"/>
/// is the one that talks to the API server.
/// </summary>
internal interface ICredentialCluster
{
    /// <summary>
    /// The object as the API server has it now, null when it is gone: a first issue is confirmed against it, so an
    /// object created and deleted (or edited) while the operator was cut off costs no exchange.
    /// </summary>
    Task<DelegatedCredential?> ReadCredentialAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>The Secret, or null when there is none of that name.</summary>
    Task<V1Secret?> ReadSecretAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>The ServiceAccount, or null when there is none of that name.</summary>
    Task<V1ServiceAccount?> ReadServiceAccountAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the Secret <paramref name="desired"/>: created when <paramref name="existing"/> (as read) is null,
    /// replaced when it differs, deleted and created when its type differs (a type is immutable), left alone when it
    /// already matches. Labels and annotations others added to it are kept.
    /// </summary>
    /// <returns>True when a write happened.</returns>
    Task<bool> WriteSecretAsync(V1Secret? existing, V1Secret desired, CancellationToken cancellationToken);

    /// <summary>Writes the status subresource, only when it differs from <paramref name="credential"/>'s.</summary>
    Task PatchStatusAsync(DelegatedCredential credential, DelegatedCredentialStatus status, CancellationToken cancellationToken);

    /// <summary>Records an Event about the credential; never fails the reconcile.</summary>
    Task RecordEventAsync(DelegatedCredential credential, string type, string reason, string message, CancellationToken cancellationToken);

    /// <summary>Rolls the workloads in <c>spec.restartOnRotation</c> whose pod template does not carry <paramref name="dataHash"/>.</summary>
    /// <exception cref="InvalidOperationException">A workload could not be patched (the reconcile is retried).</exception>
    Task RestartRolloutsAsync(DelegatedCredential credential, string dataHash, CancellationToken cancellationToken);
}
