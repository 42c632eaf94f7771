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
    /// The informers' default: managedFields dropped (<see cref="StripManagedFields{T}"/>) and the metadata's repeated strings
    /// shared (<see cref="ShareStrings"/>); nothing a write needs is dropped.
    /// </summary>
    public static T Compact<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta> => ShareStrings(StripManagedFields(obj));

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
    /// Replaces the strings that repeat across thousands of cached objects (the object's apiVersion and kind; in its metadata
    /// label and annotation keys, label values, the namespace, owner references' apiVersion and kind, finalizers) with one
    /// shared instance each, and copies labels and annotations into read-only <see cref="FrozenMap"/>s (the cached copy is
    /// never changed). The JSON reader allocates a new string for every occurrence; at 2,000 credentials the heap held ~80
    /// strings and ~1.6 KB of dictionary entries per credential (tests/Operator.Benchmarks/results.md). Annotation values
    /// (hashes, timestamps, ARNs) are mostly unique across objects and stay, but values equal within one object share one
    /// instance: a Secret of ours carries its data's SHA-256 twice (the annotation it was written with and the cache's own mark).
    /// </summary>
    public static T ShareStrings<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.ApiVersion = StringPool.Shared.Get(obj.ApiVersion)!;
        obj.Kind = StringPool.Shared.Get(obj.Kind)!;
        if (obj.Metadata is not { } metadata)
        {
            return obj;
        }

        metadata.NamespaceProperty = StringPool.Shared.Get(metadata.NamespaceProperty);
        metadata.Labels = SharedCopy(metadata.Labels, values: true);
        metadata.Annotations = SharedCopy(metadata.Annotations, values: false);
        if (metadata.Finalizers is { Count: > 0 } finalizers)
        {
            metadata.Finalizers = [.. finalizers.Select(StringPool.Shared.Get)!];
        }

        foreach (var owner in metadata.OwnerReferences ?? [])
        {
            owner.ApiVersion = StringPool.Shared.Get(owner.ApiVersion);
            owner.Kind = StringPool.Shared.Get(owner.Kind);
        }

        return obj;
    }

    private static FrozenMap? SharedCopy(IDictionary<string, string>? map, bool values)
    {
        if (map is null)
        {
            return null;
        }

        var entries = new KeyValuePair<string, string>[map.Count];
        var count = 0;
        foreach (var (key, value) in map)
        {
            var shared = values ? StringPool.Shared.Get(value)! : SameAsEarlier(entries, count, value);
            entries[count] = KeyValuePair.Create(StringPool.Shared.Get(key)!, shared);
            count++;
        }

        return new FrozenMap(entries);
    }

    /// <summary>An earlier value of the first <paramref name="count"/> entries equal to <paramref name="value"/>, or the value itself.</summary>
    private static string SameAsEarlier(KeyValuePair<string, string>[] entries, int count, string value)
    {
        // A linear scan: a cached object has a handful of annotations.
        for (var j = 0; j < count; j++)
        {
            if (string.Equals(entries[j].Value, value, StringComparison.Ordinal))
            {
                return entries[j].Value;
            }
        }

        return value;
    }

    /// <summary>
    /// A bounded pool of shared strings. Not <see cref="string.Intern"/>: interned strings live as long as the process and
    /// the pool would grow with whatever keys tenants invent; this one stops taking new strings at its capacity (later
    /// strings are simply kept as they are) and never takes long ones. <see cref="Shared"/> serves every cache.
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
