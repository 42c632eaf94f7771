using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Store;

/// <summary>
/// The emulator's etcd: objects as JsonObject per (resource, namespace, name) under one global, strictly increasing
/// revision (R1). Callers that read-modify-write hold <see cref="Gate"/> (re-entrant) across the whole operation so
/// that resourceVersion checks and commits are atomic. Objects handed out are copies.
/// </summary>
internal sealed class ResourceStore(int historyWindow)
{
    private readonly Dictionary<string, SortedDictionary<ObjectKey, JsonObject>> _objects = [];

    /// <summary>Per resource: how many writes it has seen, and the last <see cref="Shared"/> copy with the count it was made at.</summary>
    private readonly Dictionary<string, long> _writes = [];
    private readonly Dictionary<string, (long Writes, SharedBucket Bucket)> _shared = [];

    /// <summary>Every stored object's uid, kept by the writes (under <see cref="Gate"/>) and read without it: see <see cref="UidOf"/>.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string StorageKey, ObjectKey Key), string> _uids = new();
    private readonly LinkedList<StoreEvent> _history = new();
    private long _revision = 1;
    private long _compactedThrough = 1;

    public Lock Gate { get; } = new();

    /// <summary>Called under <see cref="Gate"/> for every committed event, in revision order.</summary>
    public event Action<StoreEvent>? Committed;

    public long Revision
    {
        get
        {
            lock (Gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Revisions at or below this are no longer in the history (watch/continue from them → 410).</summary>
    public long CompactedRevision
    {
        get
        {
            lock (Gate)
            {
                return _compactedThrough;
            }
        }
    }

    /// <summary>The resources that have ever held objects.</summary>
    public List<string> StorageKeys()
    {
        lock (Gate)
        {
            return [.. _objects.Keys];
        }
    }

    public JsonObject? Get(string storageKey, ObjectKey key)
    {
        lock (Gate)
        {
            return Bucket(storageKey).TryGetValue(key, out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>
    /// Reads one stored object in place, under the store's lock, without copying it: <paramref name="read"/> must return only
    /// values (strings, numbers, its own copies), never a node of the stored object. For hot paths that need a field or two
    /// (the authenticator's uid check on every request), where <see cref="Get"/>'s deep copy was most of the cost.
    /// </summary>
    public T? Read<T>(string storageKey, ObjectKey key, Func<JsonObject, T> read)
    {
        lock (Gate)
        {
            return Bucket(storageKey).TryGetValue(key, out var obj) ? read(obj) : default;
        }
    }

    /// <summary>
    /// One copy of all objects of a resource, made again only after the resource was written: for the small buckets that
    /// authorization and admission read whole on every request (bindings, roles, policies), which a copy per request made a
    /// large share of the time spent under the store's lock. The objects are shared: read them, never change them.
    /// </summary>
    public SharedBucket Shared(string storageKey)
    {
        lock (Gate)
        {
            var writes = _writes.GetValueOrDefault(storageKey);
            if (_shared.TryGetValue(storageKey, out var cached) && cached.Writes == writes)
            {
                return cached.Bucket;
            }

            var items = Bucket(storageKey).Select(p => KeyValuePair.Create(p.Key, (JsonObject)p.Value.DeepClone())).ToList();
            var bucket = new SharedBucket([.. items.Select(p => p.Value)], items.ToDictionary(p => p.Key, p => p.Value));
            _shared[storageKey] = (writes, bucket);
            return bucket;
        }
    }

    /// <summary>
    /// The uid of a stored object, or null, without taking <see cref="Gate"/>. The authenticator asks on every request (is the
    /// token's ServiceAccount still the one it was issued for?), and at 10,000 objects waiting and spinning for the store's one
    /// lock took a fifth of the emulators' CPU. Writes update it before they return, so a request that starts after a delete
    /// completed never sees the deleted object's uid (kube-apiserver reads from its informer cache the same way).
    /// </summary>
    public string? UidOf(string storageKey, ObjectKey key) => _uids.GetValueOrDefault((storageKey, key));

    /// <summary>
    /// Every stored object of one resource, each passed in place to <paramref name="project"/> under the store's lock (same
    /// rule as <see cref="Read{T}"/>: return copies only). The garbage collector's snapshot of the whole store keeps only
    /// metadata this way, instead of copying every object whole while every request waits on the lock.
    /// </summary>
    public List<T> Project<T>(string storageKey, Func<JsonObject, T> project)
    {
        lock (Gate)
        {
            return [.. Bucket(storageKey).Values.Select(project)];
        }
    }

    /// <summary>Current objects of one resource (optionally one namespace), ordered, plus the store revision (R2).</summary>
    public (List<JsonObject> Items, long Revision) List(string storageKey, string? ns)
    {
        lock (Gate)
        {
            var items = Bucket(storageKey)
                .Where(p => ns is null || p.Key.Namespace == ns)
                .Select(p => (JsonObject)p.Value.DeepClone())
                .ToList();
            return (items, _revision);
        }
    }

    /// <summary>
    /// The objects as they were at <paramref name="revision"/>, in key order, with later history events undone (exact reads
    /// for continue tokens and resourceVersion with limit, R5/L3); null if compacted. Enumerate it while holding
    /// <see cref="Gate"/>: it reads the live bucket instead of copying it, because a paged list of 10,000 objects asks for
    /// this once per page, and a copy per page made listing quadratic.
    /// </summary>
    public IEnumerable<KeyValuePair<ObjectKey, JsonObject>>? StateAt(string storageKey, long revision)
    {
        lock (Gate)
        {
            if (revision < _compactedThrough && revision < _revision)
            {
                return null;
            }
            // Walking back from the newest event, the oldest event after `revision` is written last: its Previous is the
            // object as it was at `revision` (null: it did not exist then).
            var undone = new Dictionary<ObjectKey, JsonObject?>();
            for (var node = _history.Last; node is not null && node.Value.Revision > revision; node = node.Previous)
            {
                var e = node.Value;
                if (e.StorageKey == storageKey)
                {
                    undone[new ObjectKey(e.Namespace, e.Name)] = e.Previous;
                }
            }
            var bucket = Bucket(storageKey);
            return undone.Count == 0 ? bucket : Undo(bucket, undone);
        }
    }

    private static IEnumerable<KeyValuePair<ObjectKey, JsonObject>> Undo(SortedDictionary<ObjectKey, JsonObject> current, Dictionary<ObjectKey, JsonObject?> undone)
    {
        // Objects deleted since then are no longer in the bucket: they are merged back in, in key order.
        var deleted = undone
            .Where(p => p.Value is not null && !current.ContainsKey(p.Key))
            .Select(p => new KeyValuePair<ObjectKey, JsonObject>(p.Key, p.Value!))
            .OrderBy(p => p.Key)
            .ToList();
        var next = 0;
        foreach (var (key, obj) in current)
        {
            while (next < deleted.Count && deleted[next].Key.CompareTo(key) < 0)
            {
                yield return deleted[next++];
            }
            if (!undone.TryGetValue(key, out var then))
            {
                yield return new(key, obj);
            }
            else if (then is not null)
            {
                yield return new(key, then);
            }
        }
        while (next < deleted.Count)
        {
            yield return deleted[next++];
        }
    }

    /// <summary>Stores <paramref name="obj"/> with a new revision; a byte-identical rewrite is a no-op (R3).</summary>
    /// <returns>A copy of what is stored.</returns>
    public JsonObject Put(string storageKey, JsonObject obj)
    {
        lock (Gate)
        {
            var metadata = (JsonObject)obj["metadata"]!;
            var key = new ObjectKey(metadata["namespace"]?.GetValue<string>() ?? "", metadata["name"]!.GetValue<string>());
            var bucket = Bucket(storageKey);
            bucket.TryGetValue(key, out var previous);
            if (previous is not null)
            {
                metadata["resourceVersion"] = previous["metadata"]!["resourceVersion"]!.DeepClone();
                if (obj.ToJsonString() == previous.ToJsonString())
                {
                    return (JsonObject)previous.DeepClone();
                }
            }
            var revision = ++_revision;
            metadata["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = (JsonObject)obj.DeepClone();
            bucket[key] = stored;
            _uids[(storageKey, key)] = metadata["uid"]?.GetValue<string>() ?? "";
            _writes[storageKey] = _writes.GetValueOrDefault(storageKey) + 1;
            Record(new StoreEvent(revision, storageKey, previous is null ? StoreEventType.Added : StoreEventType.Modified, stored, previous));
            return (JsonObject)stored.DeepClone();
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state with the deletion revision (W2).</summary>
    public JsonObject? Remove(string storageKey, ObjectKey key)
    {
        lock (Gate)
        {
            var bucket = Bucket(storageKey);
            if (!bucket.Remove(key, out var previous))
            {
                return null;
            }
            _uids.TryRemove((storageKey, key), out _);
            _writes[storageKey] = _writes.GetValueOrDefault(storageKey) + 1;
            var revision = ++_revision;
            var last = (JsonObject)previous.DeepClone();
            last["metadata"]!["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Record(new StoreEvent(revision, storageKey, StoreEventType.Deleted, last, previous));
            return (JsonObject)last.DeepClone();
        }
    }

    /// <summary>History events after <paramref name="revision"/> for one resource, or null if compacted (W3, W4).</summary>
    public List<StoreEvent>? EventsAfter(string storageKey, long revision)
    {
        lock (Gate)
        {
            if (revision < _compactedThrough)
            {
                return null;
            }
            return _history.Where(e => e.Revision > revision && e.StorageKey == storageKey).ToList();
        }
    }

    /// <summary>Drops everything from the history: any older watch or continue token now gets 410.</summary>
    public void Compact()
    {
        lock (Gate)
        {
            _history.Clear();
            _compactedThrough = _revision;
        }
    }

    private void Record(StoreEvent e)
    {
        _history.AddLast(e);
        while (_history.Count > historyWindow)
        {
            _compactedThrough = _history.First!.Value.Revision;
            _history.RemoveFirst();
        }
        Committed?.Invoke(e);
    }

    private SortedDictionary<ObjectKey, JsonObject> Bucket(string storageKey)
    {
        if (!_objects.TryGetValue(storageKey, out var bucket))
        {
            bucket = [];
            _objects[storageKey] = bucket;
        }
        return bucket;
    }
}

/// <summary>A resource's objects in key order, and by key; shared between readers, so never changed (<see cref="ResourceStore.Shared"/>).</summary>
internal sealed record SharedBucket(IReadOnlyList<JsonObject> Items, IReadOnlyDictionary<ObjectKey, JsonObject> ByKey)
{
    public JsonObject? Get(ObjectKey key) => ByKey.GetValueOrDefault(key);
}
