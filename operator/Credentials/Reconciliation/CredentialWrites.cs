using k8s.Models;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// What the reconciler itself wrote (docs/architecture.md §2, one reconcile per refresh): its Secret writes and status patches,
/// so their watch events do not reconcile the credential again (<see cref="SecretWrites"/>, <see cref="StatusWrites"/>, read
/// by the controller's handlers), and the Secrets it wrote, read back before the Secret informer delivers them
/// (<see cref="Secrets"/>).
/// </summary>
internal sealed class CredentialWrites(Informer<V1Secret> secrets, TimeProvider time)
{
    public OwnWrites SecretWrites { get; } = new();

    public OwnWrites StatusWrites { get; } = new();

    public MutationCache<V1Secret> Secrets { get; } = new(secrets, time);
}
