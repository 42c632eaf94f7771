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

    public int Count => _objects.Count;

    public IReadOnlyCollection<ObjectKey> Keys => [.. _objects.Keys];

    public T? Get(ObjectKey key) => _objects.TryGetValue(key, out var obj) ? DeepCopy(obj) : null;

    public IReadOnlyList<T> List() => [.. _objects.Values.Select(DeepCopy)];

    /// <summary>Stores the object; returns the previous state or null. The cache keeps this very instance.</summary>
    internal T? Upsert(T obj)
    {
        T? previous = null;
        _objects.AddOrUpdate(ObjectKey.Of(obj), obj, (_, old) =>
        {
            previous = old;
            return obj;
        });
        return previous;
    }

    internal T? Remove(ObjectKey key) => _objects.TryRemove(key, out var old) ? old : null;

    /// <summary>
    /// Replaces the whole content after a (re)list. Returns the objects that vanished: a relist is the only
    /// way to learn of deletes missed while no watch was open, so they must become delete notifications.
    /// </summary>
    internal IReadOnlyList<T> Replace(IEnumerable<T> objects)
    {
        var fresh = objects.ToDictionary(ObjectKey.Of);
        var vanished = new List<T>();
        foreach (var (key, old) in _objects)
        {
            if (!fresh.ContainsKey(key) && _objects.TryRemove(key, out _))
            {
                vanished.Add(old);
            }
        }

        foreach (var (key, obj) in fresh)
        {
            _objects[key] = obj;
        }

        return vanished;
    }

    internal T? Peek(ObjectKey key) => _objects.GetValueOrDefault(key);

    private static T DeepCopy(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
