using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// Renders values the way Go's fmt does in kube-apiserver messages, because clients (and tests)
/// compare those messages byte for byte: `%q` for strings, `%v` for float64 (`1e+06`), and the
/// field.Error "bad value" printer.
/// </summary>
internal static class GoText
{
    /// <summary>Go's strconv.Quote: printable runes kept, the rest escaped.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned)
                    {
                        sb.Append(rune.Value switch
                        {
                            < 0x80 => $"\\x{rune.Value:x2}",
                            < 0x10000 => $"\\u{rune.Value:x4}",
                            _ => $"\\U{rune.Value:x8}",
                        });
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Go's `%v` of a float64: shortest digits, exponent form when the exponent is &lt; -4 or &gt;= 6 (`1e+06`).</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }
        var (digits, exp) = Shortest(d);
        var sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 6)
        {
            var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            return $"{sign}{mantissa}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }
        return Math.Abs(d).ToString("R", CultureInfo.InvariantCulture) is var plain ? sign + plain : "";
    }

    /// <summary>The significant digits of the shortest round-trip representation and its decimal exponent.</summary>
    private static (string Digits, int Exponent) Shortest(double d)
    {
        var r = Math.Abs(d).ToString("E17", CultureInfo.InvariantCulture);
        for (var p = 0; p <= 17; p++)
        {
            var candidate = Math.Abs(d).ToString("E" + p, CultureInfo.InvariantCulture);
            if (double.Parse(candidate, CultureInfo.InvariantCulture) == Math.Abs(d))
            {
                r = candidate;
                break;
            }
        }
        var e = r.IndexOf('E');
        var mant = r[..e].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
        return (mant.Length > 0 ? mant : "0", int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The bad-value part of a field.Error: null → `null`, numbers and booleans bare, strings `%q`;
    /// null when the value is an object or array (current servers omit those).
    /// </summary>
    public static string? BadValue(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v => Scalar(v),
        _ => null,
    };

    public static string Scalar(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => Number(v),
        _ => "null",
    };

    /// <summary>A JSON number as apimachinery decodes it: int64 when it parses as one, else float64.</summary>
    public static string Number(JsonValue v) =>
        JsonNumber.TryGetInt64(v, out var l) ? l.ToString(CultureInfo.InvariantCulture) : Float(JsonNumber.ToDouble(v));
}
