using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Operator.Api.V1Alpha1;

/// <summary>
/// Parses Go duration strings (`1h`, `90m`, `1h30m`, `1.5h`, `300ms`), the format Kubernetes users know
/// from other CRDs and the one CEL's duration() accepts. Hand-written because .NET has no parser for it
/// (TimeSpan.Parse reads `1:30:00`, XmlConvert reads ISO 8601 `PT1H30M`).
/// </summary>
/// <remarks>
/// Follows Go's time.ParseDuration: an optional sign, then one or more decimal numbers each followed by a
/// unit (ns, us, µs, ms, s, m, h); "0" alone is allowed. Results are truncated to TimeSpan's 100 ns tick.
/// </remarks>
public static class GoDuration
{
    private static readonly (string Unit, decimal Ticks)[] s_units =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("h", TimeSpan.TicksPerHour), ("m", TimeSpan.TicksPerMinute), ("s", TimeSpan.TicksPerSecond),
    ];

    /// <exception cref="FormatException">The text is not a Go duration.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not a duration such as 1h, 90m or 1h30m.");

    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var rest = text.AsSpan();
        var negative = rest[0] == '-';
        if (rest[0] is '-' or '+')
        {
            rest = rest[1..];
        }

        if (rest is "0")
        {
            return true;
        }

        if (rest.IsEmpty)
        {
            return false;
        }

        decimal ticks = 0;
        while (!rest.IsEmpty)
        {
            if (!TryReadTerm(ref rest, out var termTicks))
            {
                return false;
            }

            ticks += termTicks;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        var whole = (long)decimal.Truncate(ticks);
        duration = TimeSpan.FromTicks(negative ? -whole : whole);
        return true;
    }

    // One "<number><unit>" term, e.g. "1.5h"; advances past it.
    private static bool TryReadTerm(ref ReadOnlySpan<char> rest, out decimal ticks)
    {
        ticks = 0;
        var numberLength = 0;
        while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
        {
            numberLength++;
        }

        var number = rest[..numberLength];
        if (number.IsEmpty || number is "." || number.IndexOf('.') != number.LastIndexOf('.')
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        rest = rest[numberLength..];
        foreach (var (unit, unitTicks) in s_units)
        {
            // "m" must not swallow the "m" of "ms": longer units are listed first.
            if (rest.StartsWith(unit, StringComparison.Ordinal))
            {
                rest = rest[unit.Length..];
                if (value > TimeSpan.MaxValue.Ticks / unitTicks)
                {
                    return false;
                }

                ticks = value * unitTicks;
                return true;
            }
        }

        return false;
    }
}
