using System.Collections.Concurrent;
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
    /// The informers' default: managedFields dropped (<see cref="StripManagedFields{T}"/>); nothing a write needs is dropped.
    /// The cache keeps what is left as compressed JSON (Runtime/ObjectCache.cs), so there is no object graph to shrink further.
    /// </summary>
    public static T Compact<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta> => StripManagedFields(obj);

    /// <summary>
    /// <see cref="Compact{T}"/>, and the <c>kubectl apply</c> annotation dropped: a second copy of the whole object that
    /// nothing here reads. Only for kinds the operator never updates with a full PUT of the cached copy (it patches a
    /// DelegatedCredential's status and never writes a ServiceAccount), since such a PUT would remove it on the server.
    /// </summary>
    public static T CompactWithoutLastApplied<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata?.Annotations?.Remove(LastAppliedAnnotation);
        return Compact(obj);
    }

    /// <summary>
    /// A bounded pool of shared strings, for values held per object that take a handful of values across a fleet (the
    /// metrics' reasons). Not <see cref="string.Intern"/>: interned strings live as long as the process and the pool would
    /// grow with whatever values tenants invent; this one stops taking new strings at its capacity (later strings are
    /// simply kept as they are) and never takes long ones.
    /// </summary>
    internal sealed class StringPool(int capacity, int maxLength)
    {
        public static StringPool Shared { get; } = new(capacity: 16_384, maxLength: 256);

        private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);

        public int Count => _pool.Count;

        public string? Get(string? value)
        {
            if (value is null || value.Length > maxLength)
            {
                return value;
            }

            if (_pool.TryGetValue(value, out var shared))
            {
                return shared;
            }

            return _pool.Count < capacity ? _pool.GetOrAdd(value, value) : value;
        }
    }
}
