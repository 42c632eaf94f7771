using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// The latest known state of every object an informer watches, by key. Only the informer writes it. Reads
/// return deep copies: the models are mutable and <c>with</c> copies shallowly, so a caller changing what it
/// read would otherwise change the cache under every other reader.
/// </summary>
internal sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _objects = new();
    private readonly Dictionary<string, Index> _indexes = new(StringComparer.Ordinal);

    public int Count => _objects.Count;

    public IReadOnlyCollection<ObjectKey> Keys => [.. _objects.Keys];

    public T? Get(ObjectKey key) => _objects.TryGetValue(key, out var obj) ? DeepCopy(obj) : null;

    public IReadOnlyList<T> List() => [.. _objects.Values.Select(DeepCopy)];

    /// <summary>
    /// Adds an index named <paramref name="name"/>: <paramref name="valueOf"/> gives an object's value (null: not indexed).
    /// Register before the informer starts; objects already cached are indexed too.
    /// </summary>
    public void AddIndex(string name, Func<T, string?> valueOf)
    {
        lock (_indexes)
        {
            var index = new Index(valueOf);
            foreach (var (key, obj) in _objects)
            {
                index.Set(key, obj);
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

    /// <summary>Stores the object; returns the previous state or null. The cache keeps this very instance.</summary>
    internal T? Upsert(T obj)
    {
        T? previous = null;
        var key = ObjectKey.Of(obj);
        _objects.AddOrUpdate(key, obj, (_, old) =>
        {
            previous = old;
            return obj;
        });
        Reindex(key, obj);
        return previous;
    }

    internal T? Remove(ObjectKey key)
    {
        var removed = _objects.TryRemove(key, out var old) ? old : null;
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
                vanished.Add(old);
                Reindex(key, null);
            }
        }

        foreach (var (key, obj) in fresh)
        {
            _objects[key] = obj;
            Reindex(key, obj);
        }

        return vanished;
    }

    internal T? Peek(ObjectKey key) => _objects.GetValueOrDefault(key);

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

    private static T DeepCopy(T obj) => ModelJson.Clone(obj);

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
