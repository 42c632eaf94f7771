using System.Collections.Concurrent;
using System.Globalization;
using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// An informer's cache overlaid with the objects this process wrote, until the informer has caught up with them: a read right
/// after our own write must not see the state before it (the reconcile would decide again from it, re-issue, and its write
/// would fail with 409). After client-go's MutationCache (<c>tools/cache/mutation_cache.go</c>): the written object is
/// preferred until the cache holds that version or a newer one, or the informer's watch has passed it (then the cache is right,
/// absence included: someone deleted the object since), or <see cref="Ttl"/> has gone by.
/// </summary>
/// <remarks>
/// Like client-go, this compares resourceVersions as integers (etcd revisions), which the API's conventions call opaque; where
/// one is not an integer only an equal version in the cache, or the TTL, ends the overlay. Hand-written: KubernetesClient has
/// no informer, so no mutation cache either.
/// </remarks>
internal sealed class MutationCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A watch silent for this long is stuck (the liveness check says so at twice the longest watch timeout).</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private readonly Informer<T> _informer;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ObjectKey, (T Object, DateTimeOffset At)> _written = new();

    public MutationCache(Informer<T> informer, TimeProvider time)
    {
        _informer = informer;
        _time = time;
        informer.AddHandler(Observed);
    }

    /// <summary>Written objects the informer has not caught up with (for tests: the overlay empties).</summary>
    public int Count => _written.Count;

    /// <summary>The newer of the cached object and the one we wrote; null when neither exists.</summary>
    public T? Get(ObjectKey key)
    {
        var cached = _informer.Cache.Get(key);
        if (!_written.TryGetValue(key, out var mine))
        {
            return cached;
        }

        if (Superseded(mine.Object, cached?.ResourceVersion()) || _time.GetUtcNow() - mine.At > Ttl)
        {
            _written.TryRemove(new KeyValuePair<ObjectKey, (T, DateTimeOffset)>(key, mine));
            return cached;
        }

        return ModelJson.Clone(mine.Object);
    }

    /// <summary>
    /// Remembers what a write of ours returned (shaped as the informer caches it), unless the informer already has it: the
    /// watch often delivers a write before its response arrives, and an entry kept then would stay until a read or the TTL
    /// (at 10,000 credentials, half the Secrets written in a burst stayed held twice over).
    /// </summary>
    public void Mutated(T written)
    {
        var key = ObjectKey.Of(written);
        var entry = (Object: _informer.Prepare(written), At: _time.GetUtcNow());
        _written[key] = entry;
        // Checked after storing, so an event that arrives in between is seen either here or by Observed.
        if (Superseded(entry.Object, _informer.Cache.ResourceVersion(key)))
        {
            _written.TryRemove(new KeyValuePair<ObjectKey, (T, DateTimeOffset)>(key, entry));
        }
    }

    private bool Superseded(T mine, string? cachedVersion) =>
        cachedVersion == mine.ResourceVersion()
        || AtOrAfter(cachedVersion, mine.ResourceVersion())
        || AtOrAfter(_informer.ResourceVersion, mine.ResourceVersion());

    /// <summary>Drops a written object once the watch delivers it or anything newer for its key.</summary>
    private void Observed(InformerEvent<T> ev)
    {
        var key = ObjectKey.Of(ev.Object);
        if (_written.TryGetValue(key, out var mine) && Superseded(mine.Object, ev.Object.ResourceVersion()))
        {
            _written.TryRemove(new KeyValuePair<ObjectKey, (T, DateTimeOffset)>(key, mine));
        }
    }

    private static bool AtOrAfter(string? version, string? than) =>
        ulong.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
        && ulong.TryParse(than, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
        && a >= b;
}
