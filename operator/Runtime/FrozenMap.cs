using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Operator.Runtime;

/// <summary>
/// A read-only string map in one sorted array, for the labels and annotations of cached objects: a
/// <see cref="Dictionary{TKey, TValue}"/> of three entries is about 210 bytes (object, entries, buckets), this about 100.
/// At 10,000 credentials the caches hold 30,000 such maps. Lookups search the array by ordinal comparison (maps here hold a
/// handful of keys). Hand-written because the framework's read-only maps wrap a dictionary
/// (<see cref="System.Collections.ObjectModel.ReadOnlyDictionary{TKey, TValue}"/>) or trade size for lookup speed
/// (<see cref="System.Collections.Frozen.FrozenDictionary{TKey, TValue}"/>). Cached objects are read only: every read of a
/// cache returns a deep copy, whose maps are ordinary dictionaries again, so nothing ever needs to change one.
/// </summary>
internal sealed class FrozenMap : IDictionary<string, string>, IReadOnlyDictionary<string, string>
{
    private readonly KeyValuePair<string, string>[] _entries;

    /// <param name="entries">Distinct keys, as a dictionary holds them.</param>
    public FrozenMap(IEnumerable<KeyValuePair<string, string>> entries)
    {
        _entries = [.. entries];
        Array.Sort(_entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
    }

    public int Count => _entries.Length;

    public bool IsReadOnly => true;

    public ICollection<string> Keys => [.. _entries.Select(e => e.Key)];

    public ICollection<string> Values => [.. _entries.Select(e => e.Value)];

    IEnumerable<string> IReadOnlyDictionary<string, string>.Keys => Keys;

    IEnumerable<string> IReadOnlyDictionary<string, string>.Values => Values;

    public string this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not in the map.");
        set => throw ReadOnly();
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    public bool Contains(KeyValuePair<string, string> item) => TryGetValue(item.Key, out var value) && value == item.Value;

    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(string key, string value) => throw ReadOnly();

    public void Add(KeyValuePair<string, string> item) => throw ReadOnly();

    public bool Remove(string key) => throw ReadOnly();

    public bool Remove(KeyValuePair<string, string> item) => throw ReadOnly();

    public void Clear() => throw ReadOnly();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int low = 0, high = _entries.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_entries[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private static NotSupportedException ReadOnly() =>
        new("A cached object's labels and annotations are read only; read the object from the cache to get a copy to change.");
}
