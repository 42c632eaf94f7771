using System.Text.RegularExpressions;

namespace Operator.IntegrationTests.Monitoring;

/// <summary>
/// The metric names a PromQL expression reads. Hand-written because no PromQL parser is packaged for .NET (the
/// language's parsers are Go's and JavaScript's); it needs only the names, not a syntax tree, and the syntax itself is
/// checked by promtool (<see cref="ShippedMonitoringTests"/>). Strings, label matchers, ranges and grouping labels are
/// removed first; what is left that looks like an identifier, is not a keyword and is not called as a function is a
/// metric name.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> s_keywords =
        ["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2"];

    public static IReadOnlySet<string> Of(string expression)
    {
        var stripped = StringLiteral().Replace(expression, " ");
        stripped = Braces().Replace(stripped, " ");
        stripped = Brackets().Replace(stripped, " ");
        stripped = Grouping().Replace(stripped, " ");
        return Identifier().Matches(stripped)
            .Where(m => !s_keywords.Contains(m.Groups["name"].Value.ToLowerInvariant()) && !m.Groups["call"].Success)
            .Select(m => m.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.:$])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
