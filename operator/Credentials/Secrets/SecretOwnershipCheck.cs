using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Secrets;

/// <summary>
/// Whose Secret this is. Only a Secret whose controller reference points at this very DelegatedCredential
/// (same UID) is ours; anything else, even one carrying our label, is never written to.
/// </summary>
internal static class SecretOwnershipCheck
{
    public static SecretOwnership Of(V1Secret? secret, DelegatedCredential owner)
    {
        if (secret is null)
        {
            return SecretOwnership.Absent;
        }

        var controller = secret.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        return controller is not null && controller.Uid == owner.Metadata.Uid
            ? SecretOwnership.Owned
            : SecretOwnership.Foreign;
    }
}
