using k8s;

namespace Operator.Runtime;

/// <summary>
/// Gives up a held Lease as client-go's ReleaseOnCancel does: an empty holderIdentity (which
/// KubernetesClient's elector treats as free to take at once) and a one-second duration, written with a
/// replace carrying the read resourceVersion so a lease someone else already took is never overwritten.
/// </summary>
internal sealed class LeaseRelease(IKubernetes client, ILogger logger)
{
    public async Task ReleaseAsync(string ns, string name, string identity)
    {
        // The stopping token is already cancelled; the release gets its own short budget.
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns, cancellationToken: budget.Token)
                .ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, ns, cancellationToken: budget.Token)
                .ConfigureAwait(false);
            logger.Released(name);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.ReleaseFailed(ex, name);
        }
    }
}
