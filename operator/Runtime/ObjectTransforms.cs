using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>Transforms an informer applies before caching (client-go's <c>SetTransform</c>).</summary>
internal static class ObjectTransforms
{
    /// <summary>
    /// Drops <c>metadata.managedFields</c>, which server-side apply keeps on every object and nothing here reads: often the
    /// largest part of a small object's metadata (client-go's <c>TransformStripManagedFields</c>, controller-runtime's default).
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
}
