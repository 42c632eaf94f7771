using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// The latest known state of every object an informer watches, by key. Only the informer writes it. Each object is kept
/// as its JSON in UTF-8 (<see cref="ModelJson"/>), compressed, not as the client's model: an object graph of models,
/// dictionaries and UTF-16 strings is one and a half to two times the size of its JSON, which compresses to about half, and
/// the caches hold three objects per credential (tests/Operator.Benchmarks/results.md, "Sixth round"). Reads parse a fresh
/// object, so they are deep copies, as they must be: the models are mutable and <c>with</c> copies shallowly, so a caller
/// changing what it read would otherwise change the cache under every other reader. The resourceVersion is kept apart,
/// uncompressed, for comparisons that need no object.
/// </summary>
internal sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, CachedJson> _objects = new();
    private readonly Dictionary<string, Index> _indexes = new(StringComparer.Ordinal);

    public int Count => _objects.Count;

    public IReadOnlyCollection<ObjectKey> Keys => [.. _objects.Keys];

    public T? Get(ObjectKey key) => _objects.TryGetValue(key, out var cached) ? cached.Read() : null;

    public IReadOnlyList<T> List() => [.. _objects.Values.Select(cached => cached.Read())];

    /// <summary>The cached object's resourceVersion, without reading the object; null when none is cached.</summary>
    public string? ResourceVersion(ObjectKey key) => _objects.TryGetValue(key, out var cached) ? cached.ResourceVersion : null;

    /// <summary>
    /// Adds an index named <paramref name="name"/>: <paramref name="valueOf"/> gives an object's value (null: not indexed).
    /// Register before the informer starts; objects already cached are indexed too.
    /// </summary>
    public void AddIndex(string name, Func<T, string?> valueOf)
    {
        lock (_indexes)
        {
            var index = new Index(valueOf);
            foreach (var (key, cached) in _objects)
            {
                index.Set(key, cached.Read());
            }

            _indexes.Add(name, index);
        }
    }

    /// <summary>The keys of the cached objects whose value in index <paramref name="name"/> is <paramref name="value"/>.</summary>
    public IReadOnlyList<ObjectKey> KeysByIndex(string name, string value)
    {
        lock (_indexes)
        {
            return _indexes[name].Keys(value);
        }
    }

    /// <summary>Stores the object's JSON; a later change to <paramref name="obj"/> does not reach the cache.</summary>
    internal void Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        _objects[key] = CachedJson.Of(obj);
        Reindex(key, obj);
    }

    /// <summary>Removes the key; returns whether it was cached.</summary>
    internal bool Remove(ObjectKey key)
    {
        var removed = _objects.TryRemove(key, out _);
        Reindex(key, null);
        return removed;
    }

    /// <summary>
    /// Replaces the content after a (re)list: all of it, or only the keys <paramref name="inScope"/> accepts (the one
    /// namespace a list covered). Returns the objects that vanished: a relist is the only way to learn of deletes missed
    /// while no watch was open, so they must become delete notifications.
    /// </summary>
    internal IReadOnlyList<T> Replace(IEnumerable<T> objects, Func<ObjectKey, bool>? inScope = null)
    {
        var fresh = objects.ToDictionary(ObjectKey.Of);
        var vanished = new List<T>();
        foreach (var (key, old) in _objects)
        {
            if (!fresh.ContainsKey(key) && (inScope is null || inScope(key)) && _objects.TryRemove(key, out _))
            {
                vanished.Add(old.Read());
                Reindex(key, null);
            }
        }

        foreach (var (key, obj) in fresh)
        {
            _objects[key] = CachedJson.Of(obj);
            Reindex(key, obj);
        }

        return vanished;
    }

    private void Reindex(ObjectKey key, T? obj)
    {
        lock (_indexes)
        {
            foreach (var index in _indexes.Values)
            {
                index.Set(key, obj);
            }
        }
    }

    /// <summary>
    /// An object's JSON, compressed (Brotli, quality 2: about half the size of a Secret's or a DelegatedCredential's JSON
    /// for some 15 microseconds to compress and 10 to expand), behind its <c>metadata.resourceVersion</c> in plain UTF-8
    /// (<paramref name="VersionLength"/> bytes), which comparisons read without expanding anything.
    /// </summary>
    /// <param name="Length">The JSON's length; <see cref="Stored"/> when it is kept as it is (compression did not shrink it).</param>
    private readonly record struct CachedJson(byte[] Blob, int Length, int VersionLength)
    {
        public const int Stored = -1;
        private const int Quality = 2;
        private const int Window = 16;

        public static CachedJson Of(T obj)
        {
            var json = ModelJson.Utf8(obj);
            var version = Encoding.UTF8.GetBytes(obj.ResourceVersion() ?? "");
            var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
            try
            {
                var compressed = BrotliEncoder.TryCompress(json, buffer, out var written, Quality, Window) && written < json.Length;
                var body = compressed ? buffer.AsSpan(0, written) : json;
                var blob = new byte[version.Length + body.Length];
                version.CopyTo(blob, 0);
                body.CopyTo(blob.AsSpan(version.Length));
                return new CachedJson(blob, compressed ? json.Length : Stored, version.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public T Read()
        {
            var body = Blob.AsSpan(VersionLength);
            if (Length == Stored)
            {
                return ModelJson.Parse<T>(body);
            }

            var json = ArrayPool<byte>.Shared.Rent(Length);
            try
            {
                if (!BrotliDecoder.TryDecompress(body, json, out var written) || written != Length)
                {
                    throw new InvalidOperationException($"A cached {typeof(T).Name} did not expand to its {Length} bytes.");
                }

                return ModelJson.Parse<T>(json.AsSpan(0, Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(json);
            }
        }

        public string? ResourceVersion => VersionLength == 0 ? null : Encoding.UTF8.GetString(Blob, 0, VersionLength);
    }

    /// <summary>
    /// One index: value → keys, and key → value to move an object whose value changed. Guarded by the caller's lock. Most
    /// values name one object (a ServiceAccount named by one credential), so a value holds one boxed key (about 32 bytes)
    /// until a second key arrives, and a set only from then on (a set of one is about 200 bytes: at 10,000 credentials 2 MB,
    /// tests/Operator.Benchmarks/results.md, "Fifth round").
    /// </summary>
    private sealed class Index(Func<T, string?> valueOf)
    {
        /// <summary>A value's keys: one boxed <see cref="ObjectKey"/>, or a <see cref="HashSet{T}"/> of two or more.</summary>
        private readonly Dictionary<string, object> _byValue = new(StringComparer.Ordinal);
        private readonly Dictionary<ObjectKey, string> _valueOfKey = [];

        public void Set(ObjectKey key, T? obj)
        {
            var value = obj is null ? null : valueOf(obj);
            if (_valueOfKey.TryGetValue(key, out var old))
            {
                if (old == value)
                {
                    return;
                }

                _valueOfKey.Remove(key);
                Remove(old, key);
            }

            if (value is not null)
            {
                _valueOfKey[key] = value;
                Add(value, key);
            }
        }

        public IReadOnlyList<ObjectKey> Keys(string value) => _byValue.GetValueOrDefault(value) switch
        {
            HashSet<ObjectKey> keys => [.. keys],
            ObjectKey key => [key],
            _ => [],
        };

        private void Add(string value, ObjectKey key)
        {
            switch (_byValue.GetValueOrDefault(value))
            {
                case null:
                    _byValue[value] = key;
                    break;
                case HashSet<ObjectKey> keys:
                    keys.Add(key);
                    break;
                case ObjectKey only when only != key:
                    _byValue[value] = new HashSet<ObjectKey> { only, key };
                    break;
            }
        }

        private void Remove(string value, ObjectKey key)
        {
            switch (_byValue.GetValueOrDefault(value))
            {
                case HashSet<ObjectKey> keys when keys.Remove(key) && keys.Count == 1:
                    _byValue[value] = keys.Single();
                    break;
                case ObjectKey only when only == key:
                    _byValue.Remove(value);
                    break;
            }
        }
    }
}
