using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// The `format` checks kube-openapi's strfmt registry applies to CRD strings. Unknown formats pass,
/// as upstream ignores formats it does not know. The checks are hand-written because no library here
/// mirrors strfmt's leniency (e.g. `uri` accepts anything Go's url.Parse accepts).
/// </summary>
internal static partial class StringFormats
{
    public static bool IsValid(string format, string value) => format switch
    {
        "date-time" or "datetime" => IsDateTime(value),
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "duration" => IsDuration(value),
        "uri" => IsUri(value),
        "hostname" => value.Length <= 255 && HostnamePattern().IsMatch(value),
        "uuid" => UuidPattern().IsMatch(value),
        "uuid3" or "uuid4" or "uuid5" => UuidPattern().IsMatch(value) && value[14] == format[4],
        "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => value.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(value, out _),
        "email" => EmailPattern().IsMatch(value),
        "byte" => IsBase64(value),
        _ => true,
    };

    /// <summary>strfmt.ParseDateTime: RFC 3339 with optional fraction, also `Z`-less local forms and `+0000` offsets.</summary>
    private static bool IsDateTime(string value) => DateTimePattern().IsMatch(value)
        && DateTime.TryParse(value[..19], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>strfmt.ParseDuration: Go durations (`1h30m`) or `N unit` forms such as `3 days`, `1w`.</summary>
    private static bool IsDuration(string value) =>
        GoDurationPattern().IsMatch(value) || UnitDurationPattern().IsMatch(value);

    /// <summary>Go's url.Parse is permissive: only control characters, bad escapes and a bad scheme fail.</summary>
    private static bool IsUri(string value) =>
        !value.Any(char.IsControl) && !BadEscapePattern().IsMatch(value) && !value.StartsWith(':');

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?\z")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+\z|^0\z")]
    private static partial Regex GoDurationPattern();

    [GeneratedRegex(@"^[0-9]+\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|sec|secs|min|mins|hr|hrs)\z")]
    private static partial Regex UnitDurationPattern();

    [GeneratedRegex(@"%(?![0-9A-Fa-f]{2})")]
    private static partial Regex BadEscapePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?\z")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\z")]
    private static partial Regex EmailPattern();
}
