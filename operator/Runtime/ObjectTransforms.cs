using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>Transforms an informer applies before caching (client-go's <c>SetTransform</c>).</summary>
internal static class ObjectTransforms
{
    /// <summary>The annotation <c>kubectl apply</c> keeps: the whole object as last applied, as JSON.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>
    /// Drops <c>metadata.managedFields</c>, which server-side apply keeps on every object and nothing here reads: often the
    /// largest part of a small object's metadata (client-go's <c>TransformStripManagedFields</c>, controller-runtime's default).
    /// The informers' default; nothing a write needs is dropped. The cache keeps what is left as compressed JSON
    /// (Runtime/ObjectCache.cs), so there is no object graph to shrink further.
    /// </summary>
    public static T StripManagedFields<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return obj;
    }

    /// <summary>
    /// <see cref="StripManagedFields{T}"/>, and the <c>kubectl apply</c> annotation dropped: a second copy of the whole object that
    /// nothing here reads. Only for kinds the operator never updates with a full PUT of the cached copy (it patches a
    /// DelegatedCredential's status and never writes a ServiceAccount), since such a PUT would remove it on the server.
    /// </summary>
    public static T CompactWithoutLastApplied<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata?.Annotations?.Remove(LastAppliedAnnotation);
        return StripManagedFields(obj);
    }
}
