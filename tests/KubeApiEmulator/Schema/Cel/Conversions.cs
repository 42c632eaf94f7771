using System.Globalization;
using System.Text.RegularExpressions;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>CEL's type conversion functions; failures are cel-go's `type conversion error` values.</summary>
internal static partial class Conversions
{
    private static CelError Failed(object? from, string to) => new($"type conversion error from '{Operators.TypeName(from)}' to '{to}'");

    public static object? ToInt(object? v) => v switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : CelError.Overflow,
        double d => double.IsNaN(d) || d <= -9.2233720368547758E18 || d >= 9.2233720368547758E18 ? CelError.Overflow : (long)Math.Truncate(d),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : Failed(v, "int"),
        DateTimeOffset t => t.ToUnixTimeSeconds(),
        _ => throw Operators.NoOverload("int", v),
    };

    public static object? ToUint(object? v) => v switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : CelError.Overflow,
        double d => double.IsNaN(d) || d < 0 || d >= 1.8446744073709552E19 ? CelError.Overflow : (ulong)Math.Truncate(d),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : Failed(v, "uint"),
        _ => throw Operators.NoOverload("uint", v),
    };

    public static object? ToDouble(object? v) => v switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : Failed(v, "double"),
        _ => throw Operators.NoOverload("double", v),
    };

    public static object? ToBool(object? v) => v switch
    {
        bool b => b,
        string s => s switch
        {
            "1" or "t" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "false" or "FALSE" or "False" => false,
            _ => Failed(v, "bool"),
        },
        _ => throw Operators.NoOverload("bool", v),
    };

    public static object? ToText(object? v) => v switch
    {
        string s => s,
        long l => Builtins.Invariant(l),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => GoText.Float(d),
        bool b => b ? "true" : "false",
        TimeSpan t => GoDuration.Format(t),
        DateTimeOffset t => FormatTimestamp(t),
        _ => throw Operators.NoOverload("string", v),
    };

    public static object? ToDuration(object? v) => v switch
    {
        TimeSpan t => t,
        string s => GoDuration.TryParse(s, out var t) ? t : Failed(v, "google.protobuf.Duration"),
        _ => throw Operators.NoOverload("duration", v),
    };

    /// <summary>timestamp() takes RFC 3339 only (Go's time.RFC3339 layout, fraction optional).</summary>
    public static object? ToTimestamp(object? v) => v switch
    {
        DateTimeOffset t => t,
        string s when Rfc3339().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => t.ToUniversalTime(),
        string => Failed(v, "google.protobuf.Timestamp"),
        long l => DateTimeOffset.FromUnixTimeSeconds(l),
        _ => throw Operators.NoOverload("timestamp", v),
    };

    /// <summary>RFC 3339 in UTC with the fraction trimmed, as cel-go prints timestamps.</summary>
    public static string FormatTimestamp(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        var text = utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        return fraction == 0 ? text + "Z" : $"{text}.{fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0')}Z";
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex Rfc3339();
}
