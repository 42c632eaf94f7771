using k8s;

namespace Operator.Runtime;

/// <summary>
/// The writes this process made, by object, so that the watch event each one causes does not reconcile the object again: the
/// reconcile that wrote already knows the result (controller-runtime leaves this to predicates; its generation predicate only
/// covers status writes). An event is our own when its resourceVersion is the one our write returned: a resourceVersion names
/// one state of one object, so a change by anyone else, even a byte of it, carries another and still reconciles.
/// </summary>
/// <remarks>
/// The watch may deliver a write before its response reaches us, so while a write of an object is under way its events are
/// held, and decided when the write ends. A deletion always goes through (it is never the state a write returned). Hand-written:
/// neither KubernetesClient nor its runtime offers this. Memory: a few resourceVersions per object written, dropped when
/// their event arrives or the object is deleted.
/// </remarks>
internal sealed class OwnWrites
{
    /// <summary>Writes remembered per object: more than one reconcile's writes may be in flight on the watch.</summary>
    private const int Remembered = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, Entry> _entries = [];

    /// <summary>Objects with something remembered (for tests: the memory is bounded).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Starts a write of <paramref name="key"/>; dispose the result when it ends, after <see cref="Write.Completed"/> if it succeeded.</summary>
    public Write Begin(ObjectKey key)
    {
        lock (_gate)
        {
            EntryOf(key).InFlight++;
        }

        return new Write(this, key);
    }

    /// <summary>
    /// For an informer handler: calls <paramref name="enqueue"/> now, later (once a write of the object under way ends and
    /// the event proves not to be its own), or never (the event is the state a write of ours returned).
    /// </summary>
    public void Observe(ObjectKey key, WatchEventType type, string? resourceVersion, Action enqueue)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (type == WatchEventType.Deleted)
                {
                    entry.Written.Clear();
                    Prune(key, entry);
                }
                else if (resourceVersion is not null && entry.Written.Remove(resourceVersion))
                {
                    Prune(key, entry);
                    return;
                }
                else if (resourceVersion is not null && entry.InFlight > 0)
                {
                    entry.Held.Add((resourceVersion, enqueue));
                    return;
                }
            }
        }

        enqueue();
    }

    private void End(ObjectKey key, string? resourceVersion)
    {
        var release = new List<Action>();
        lock (_gate)
        {
            var entry = _entries[key];
            entry.InFlight--;
            if (resourceVersion is not null)
            {
                entry.Written.Add(resourceVersion);
                if (entry.Written.Count > Remembered)
                {
                    entry.Written.RemoveAt(0);
                }
            }

            var held = entry.Held.ToList();
            entry.Held.Clear();
            foreach (var (version, enqueue) in held)
            {
                if (entry.Written.Remove(version))
                {
                    continue;
                }

                // Another write of the object still under way may yet claim the event.
                if (entry.InFlight > 0)
                {
                    entry.Held.Add((version, enqueue));
                }
                else
                {
                    release.Add(enqueue);
                }
            }

            Prune(key, entry);
        }

        foreach (var enqueue in release)
        {
            enqueue();
        }
    }

    private Entry EntryOf(ObjectKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            _entries[key] = entry = new Entry();
        }

        return entry;
    }

    private void Prune(ObjectKey key, Entry entry)
    {
        if (entry.InFlight == 0 && entry.Written.Count == 0 && entry.Held.Count == 0)
        {
            _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public int InFlight;
        public readonly List<string> Written = [];
        public readonly List<(string Version, Action Enqueue)> Held = [];
    }

    /// <summary>One write under way: <see cref="Completed"/> with the resourceVersion it returned, then dispose.</summary>
    public sealed class Write(OwnWrites writes, ObjectKey key) : IDisposable
    {
        private string? _resourceVersion;
        private bool _ended;

        /// <summary>The write succeeded and the object is now at <paramref name="resourceVersion"/> (null: nothing was written).</summary>
        public void Completed(string? resourceVersion) => _resourceVersion = resourceVersion;

        public void Dispose()
        {
            if (!_ended)
            {
                _ended = true;
                writes.End(key, _resourceVersion);
            }
        }
    }
}
