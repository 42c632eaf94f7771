using System.Globalization;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>Go's time.ParseDuration syntax (`1h30m`, `-1.5s`, `300ms`), which CEL's duration() accepts; hand-written as .NET has no parser for it.</summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] s_units =
    [
        ("ns", 0.01), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text;
        var negative = s.StartsWith('-');
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            return false;
        }
        double ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            if (i == start || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            var unit = s_units.Where(u => string.CompareOrdinal(s, i, u.Unit, 0, u.Unit.Length) == 0).OrderByDescending(u => u.Unit.Length).FirstOrDefault();
            if (unit.Unit is null)
            {
                return false;
            }
            i += unit.Unit.Length;
            ticks += number * unit.Ticks;
        }
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>CEL's string(duration): seconds with the fraction trimmed, e.g. `5400s`, `1.5s`.</summary>
    public static string Format(TimeSpan value) =>
        (value.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.#########", CultureInfo.InvariantCulture) + "s";
}
