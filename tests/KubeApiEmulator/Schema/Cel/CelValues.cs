using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// CEL values as plain .NET objects: long (int), ulong (uint), double, string, bool, null,
/// <see cref="List{T}"/> (list), <see cref="Dictionary{TKey,TValue}"/> (map), TimeSpan (duration),
/// DateTimeOffset (timestamp), <see cref="KubeUrl"/>, <see cref="CelError"/>. Conversion from JSON
/// follows the schema as Kubernetes does: integer → int, number → double, `format: date-time`/`date`
/// → timestamp, `format: duration` → duration.
/// </summary>
internal static class CelValues
{
    public static object? FromJson(JsonNode? node, SchemaNode? schema, bool isResourceRoot = false)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var map = new Dictionary<object, object?>(KeyComparer.Instance);
                foreach (var (key, value) in obj)
                {
                    map[key] = (isResourceRoot || schema?.EmbeddedResource == true) && key == "metadata" && value is JsonObject meta
                        ? VisibleMetadata(meta)
                        : FromJson(value, schema?.Member(key));
                }
                return map;
            case JsonArray array:
                return array.Select(item => FromJson(item, schema?.Items)).ToList();
        }
        var v = (JsonValue)node;
        return v.GetValueKind() switch
        {
            JsonValueKind.String => FromString(v.GetValue<string>(), schema?.Format),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when schema?.Type == "number" => JsonNumber.ToDouble(v),
            JsonValueKind.Number when schema?.Type == "integer" => JsonNumber.TryGetInt64(v, out var l) ? l : (long)JsonNumber.ToDouble(v),
            JsonValueKind.Number => JsonNumber.TryGetInt64(v, out var l) ? l : JsonNumber.ToDouble(v),
            _ => null,
        };
    }

    /// <summary>Rules at a resource root see only metadata.name and metadata.generateName.</summary>
    private static Dictionary<object, object?> VisibleMetadata(JsonObject meta)
    {
        var map = new Dictionary<object, object?>(KeyComparer.Instance);
        foreach (var key in new[] { "name", "generateName" })
        {
            if (meta[key] is JsonValue v && v.TryGetValue(out string? s))
            {
                map[key] = s;
            }
        }
        return map;
    }

    private static object FromString(string s, string? format) => format switch
    {
        "date-time" or "datetime" when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t.ToUniversalTime(),
        "date" when DateTimeOffset.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) => d.ToUniversalTime(),
        "duration" when GoDuration.TryParse(s, out var span) => span,
        "byte" => throw new CelUnsupportedException("format: byte (CEL bytes)"),
        _ => s,
    };

    /// <summary>CEL's heterogeneous equality: numbers compare by value across int/uint/double, other types never equal each other.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            return Compare(a, b) == 0;
        }
        return (a, b) switch
        {
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
            (Dictionary<object, object?> x, Dictionary<object, object?> y) =>
                x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var other) && Equal(p.Value, other)),
            _ => a.GetType() == b.GetType() && a.Equals(b),
        };
    }

    public static bool IsNumber(object? v) => v is long or ulong or double;

    /// <summary>Ordering for `&lt; &lt;= &gt; &gt;=`; null when CEL has no such overload.</summary>
    public static int? Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (ulong x, ulong y) => x.CompareTo(y),
        (double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? null : x.CompareTo(y),
        (long x, ulong y) => x < 0 ? -1 : ((ulong)x).CompareTo(y),
        (ulong x, long y) => y < 0 ? 1 : x.CompareTo((ulong)y),
        (long x, double y) => double.IsNaN(y) ? null : ((double)x).CompareTo(y),
        (double x, long y) => double.IsNaN(x) ? null : x.CompareTo((double)y),
        (ulong x, double y) => double.IsNaN(y) ? null : ((double)x).CompareTo(y),
        (double x, ulong y) => double.IsNaN(x) ? null : x.CompareTo((double)y),
        (string x, string y) => CompareCodePoints(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (TimeSpan x, TimeSpan y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        _ => null,
    };

    /// <summary>Go compares strings byte-wise (UTF-8), which is code-point order, not UTF-16 order.</summary>
    private static int CompareCodePoints(string x, string y)
    {
        using var a = x.EnumerateRunes().GetEnumerator();
        using var b = y.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }
            var c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    /// <summary>Map keys: strings, bools and numbers (int and uint keys with the same value are one key).</summary>
    internal sealed class KeyComparer : IEqualityComparer<object>
    {
        public static KeyComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => CelValues.Equal(x, y);

        public int GetHashCode(object obj) => obj switch
        {
            long l => l.GetHashCode(),
            ulong u when u <= long.MaxValue => ((long)u).GetHashCode(),
            double d when double.IsInteger(d) && Math.Abs(d) < 9e18 => ((long)d).GetHashCode(),
            _ => obj.GetHashCode(),
        };
    }
}
