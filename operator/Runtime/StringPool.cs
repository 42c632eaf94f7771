using System.Collections.Concurrent;

namespace Operator.Runtime;

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
