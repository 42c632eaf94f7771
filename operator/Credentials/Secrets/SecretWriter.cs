using k8s;
using k8s.Models;
using Operator.Credentials.Validation;

namespace Operator.Credentials.Secrets;

/// <summary>
/// Writes a managed Secret only when it differs from what it should be, so a no-op reconcile makes no
/// write and bumps no resourceVersion (reloaders watching the Secret stay quiet). Labels and annotations
/// that others added to our Secret (a reloader's, say) are kept. <c>existing</c> may be a cached copy without data
/// (<see cref="CachedSecret"/>): it is compared by its data's hash, and only the desired data are ever sent.
/// </summary>
internal sealed class SecretWriter(IKubernetes kubernetes)
{
    /// <returns>The Secret as the server has it after the write (its resourceVersion names our write); null when nothing was written.</returns>
    public async Task<V1Secret?> WriteAsync(V1Secret? existing, V1Secret desired, CancellationToken cancellationToken)
    {
        Refuse(desired);
        var ns = desired.Metadata.NamespaceProperty;
        if (existing is null)
        {
            return await kubernetes.CoreV1.CreateNamespacedSecretAsync(desired, ns, cancellationToken: cancellationToken);
        }

        if (Matches(existing, desired))
        {
            return null;
        }

        if (!string.Equals(existing.Type ?? DesiredSecret.DefaultType, desired.Type, StringComparison.Ordinal))
        {
            // A Secret's type is immutable: replace the object. The preconditions make sure the one deleted is the one
            // read as ours, not a foreign Secret created under that name since.
            var ours = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = existing.Metadata.ResourceVersion, Uid = existing.Metadata.Uid } };
            await kubernetes.CoreV1.DeleteNamespacedSecretAsync(existing.Metadata.Name, ns, body: ours, cancellationToken: cancellationToken);
            return await kubernetes.CoreV1.CreateNamespacedSecretAsync(desired, ns, cancellationToken: cancellationToken);
        }

        var replacement = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = existing.Metadata.Name,
                NamespaceProperty = ns,
                ResourceVersion = existing.Metadata.ResourceVersion,
                Labels = Overlay(existing.Metadata.Labels, desired.Metadata.Labels),
                Annotations = Overlay(existing.Metadata.Annotations, desired.Metadata.Annotations),
                OwnerReferences = desired.Metadata.OwnerReferences,
            },
            Type = desired.Type,
            Data = desired.Data,
        };

        // Optimistic concurrency: a 409 means someone wrote meanwhile; the controller retries with fresh state.
        return await kubernetes.CoreV1.ReplaceNamespacedSecretAsync(replacement, existing.Metadata.Name, ns, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Defence in depth behind Validation/DelegatedCredentialValidator: whatever reached here, the operator writes only
    /// Opaque Secrets (Kubernetes fills a kubernetes.io/service-account-token Secret with a long-lived token) and no
    /// label or annotation under a prefix Kubernetes acts on, beside its own marks.
    /// </summary>
    /// <exception cref="InvalidOperationException">The desired Secret is of another type or carries a reserved key.</exception>
    internal static void Refuse(V1Secret desired)
    {
        if (desired.Data is null || CachedSecret.IsStripped(desired))
        {
            // A cached copy has no data: written back, it would empty the Secret.
            throw new InvalidOperationException($"Refusing to write Secret {desired.Metadata.Name} without data.");
        }

        if (!string.Equals(desired.Type, DesiredSecret.DefaultType, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Refusing to write Secret {desired.Metadata.Name} of type '{desired.Type}': only Opaque Secrets are written.");
        }

        var reserved = (desired.Metadata.Labels?.Keys ?? []).Concat(desired.Metadata.Annotations?.Keys ?? [])
            .Where(k => SecretMetadataLimits.IsReserved(k) && !ManagedSecret.IsOwnMark(k))
            .ToList();
        if (reserved.Count > 0)
        {
            throw new InvalidOperationException($"Refusing to write Secret {desired.Metadata.Name} with reserved keys: {string.Join(", ", reserved)}.");
        }
    }

    public static bool Matches(V1Secret existing, V1Secret desired) =>
        string.Equals(existing.Type ?? DesiredSecret.DefaultType, desired.Type, StringComparison.Ordinal)
        && SameData(existing, desired.Data)
        && Contains(existing.Metadata.Labels, desired.Metadata.Labels)
        && Contains(existing.Metadata.Annotations, desired.Metadata.Annotations)
        && existing.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == desired.Metadata.OwnerReferences[0].Uid) == true;

    /// <summary>By hash (SHA-256 over keys and values), so a cached copy without data compares as well as a full one.</summary>
    private static bool SameData(V1Secret existing, IDictionary<string, byte[]>? desired) =>
        string.Equals(SecretDataHash.Of(existing), SecretDataHash.Compute(desired), StringComparison.Ordinal);

    private static bool Contains(IDictionary<string, string>? actual, IDictionary<string, string> wanted) =>
        wanted.All(e => actual is not null && actual.TryGetValue(e.Key, out var v) && v == e.Value);

    /// <summary>Others' keys kept, ours set; the cache-only <see cref="CachedSecret.DataHashMark"/> never goes to the server.</summary>
    private static Dictionary<string, string> Overlay(IDictionary<string, string>? existing, IDictionary<string, string> wanted)
    {
        var merged = new Dictionary<string, string>(existing ?? new Dictionary<string, string>());
        merged.Remove(CachedSecret.DataHashMark);
        foreach (var (key, value) in wanted)
        {
            merged[key] = value;
        }

        return merged;
    }
}
