using System.Globalization;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// The functions of the supported subset: CEL standard (size, conversions, string predicates,
/// timestamp/duration accessors) plus the Kubernetes string, list and URL libraries' commonly used
/// members. Any other function, or a known one with argument types it lacks, is unsupported.
/// </summary>
internal static class Builtins
{
    public static object? Invoke(bool receiver, object? target, string name, List<object?> args)
    {
        if (!receiver)
        {
            return Global(name, args);
        }
        return target switch
        {
            string s => StringMethods.Invoke(s, name, args),
            List<object?> list => ListMethod(list, name, args),
            Dictionary<object, object?> map when name == "size" && args.Count == 0 => (long)map.Count,
            TimeSpan d when args.Count == 0 => DurationMethod(d, name),
            DateTimeOffset t when args.Count == 0 => TimestampMethod(t.UtcDateTime, name),
            KubeUrl url when args.Count == 0 => UrlMethod(url, name),
            ICelObject obj => obj.Invoke(name, args),
            _ => throw Operators.NoOverload(name, [target, .. args]),
        };
    }

    private static object? Global(string name, List<object?> args) => (name, args.Count) switch
    {
        ("size", 1) => Invoke(true, args[0], "size", []),
        ("matches", 2) => Invoke(true, args[0], "matches", [args[1]]),
        ("int", 1) => Conversions.ToInt(args[0]),
        ("uint", 1) => Conversions.ToUint(args[0]),
        ("double", 1) => Conversions.ToDouble(args[0]),
        ("string", 1) => Conversions.ToText(args[0]),
        ("bool", 1) => Conversions.ToBool(args[0]),
        ("duration", 1) => Conversions.ToDuration(args[0]),
        ("timestamp", 1) => Conversions.ToTimestamp(args[0]),
        ("dyn", 1) => args[0],
        ("url", 1) when args[0] is string s => KubeUrl.TryParse(s) is { } url
            ? url
            : new CelError($"URL parse error during conversion from string: parse {GoText.Quote(s)}: invalid URI for request"),
        ("isURL", 1) when args[0] is string s => KubeUrl.TryParse(s) is not null,
        _ => throw new CelUnsupportedException($"function {name}/{args.Count}"),
    };

    private static object? ListMethod(List<object?> list, string name, List<object?> args) => (name, args.Count) switch
    {
        ("size", 0) => (long)list.Count,
        ("join", 0) when list.All(i => i is string) => string.Concat(list.Cast<string>()),
        ("join", 1) when args[0] is string sep && list.All(i => i is string) => string.Join(sep, list.Cast<string>()),
        ("isSorted", 0) => Enumerable.Range(1, Math.Max(0, list.Count - 1)).All(i => (CelValues.Compare(list[i - 1], list[i]) ?? throw Operators.NoOverload("isSorted", list[i])) <= 0),
        ("indexOf", 1) => (long)list.FindIndex(i => CelValues.Equal(i, args[0])),
        ("lastIndexOf", 1) => (long)list.FindLastIndex(i => CelValues.Equal(i, args[0])),
        _ => throw new CelUnsupportedException($"list function {name}/{args.Count}"),
    };

    private static object DurationMethod(TimeSpan d, string name) => name switch
    {
        "getHours" => (long)d.TotalHours,
        "getMinutes" => (long)d.TotalMinutes,
        "getSeconds" => (long)d.TotalSeconds,
        "getMilliseconds" => (long)d.TotalMilliseconds,
        _ => throw new CelUnsupportedException($"duration function {name}"),
    };

    /// <summary>CEL's accessors in UTC; month, day-of-month and day-of-year are zero-based, getDate is one-based.</summary>
    private static object TimestampMethod(DateTime t, string name) => name switch
    {
        "getFullYear" => (long)t.Year,
        "getMonth" => (long)t.Month - 1,
        "getDate" => (long)t.Day,
        "getDayOfMonth" => (long)t.Day - 1,
        "getDayOfWeek" => (long)t.DayOfWeek,
        "getDayOfYear" => (long)t.DayOfYear - 1,
        "getHours" => (long)t.Hour,
        "getMinutes" => (long)t.Minute,
        "getSeconds" => (long)t.Second,
        "getMilliseconds" => (long)t.Millisecond,
        _ => throw new CelUnsupportedException($"timestamp function {name}"),
    };

    private static object UrlMethod(KubeUrl url, string name) => name switch
    {
        "getScheme" => url.Scheme,
        "getHost" => url.Host,
        "getHostname" => url.Hostname,
        "getPort" => url.Port,
        "getEscapedPath" => url.EscapedPath,
        _ => throw new CelUnsupportedException($"URL function {name}"),
    };

    /// <summary>Parses an int argument the way the string library indexes: code points.</summary>
    internal static int CodePointIndex(object? arg) =>
        arg is long l && l is >= 0 and <= int.MaxValue ? (int)l : throw Operators.NoOverload("index", arg);

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
