using System.Globalization;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// Reads JSON numbers from their text, as apimachinery's decoder does (int64 when the literal parses
/// as one, else float64). Working from the text also copes with JsonValues built from CLR numbers,
/// whose GetValue&lt;T&gt; refuses conversions between numeric types.
/// </summary>
internal static class JsonNumber
{
    public static bool TryGetInt64(JsonValue v, out long value) =>
        long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static double ToDouble(JsonValue v) =>
        double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
