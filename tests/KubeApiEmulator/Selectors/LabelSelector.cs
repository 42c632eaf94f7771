using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Operations;

namespace Operator.Testing.KubeApi.Selectors;

/// <summary>
/// The `labelSelector` grammar of apimachinery pkg/labels (L1): `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
/// `k notin (a)`, `k`, `!k`, `k&gt;n`, `k&lt;n`; comma = AND. Parsed with regexes per requirement, which the grammar allows
/// because commas inside parentheses are the only nesting.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var part in SplitTopLevel(text))
        {
            selector._requirements.Add(ParseRequirement(part.Trim(), text));
        }
        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _requirements.All(r => r(labels));
    }

    private static Func<JsonObject?, bool> ParseRequirement(string part, string whole)
    {
        Match m;
        if ((m = NotExists().Match(part)).Success)
        {
            var key = Key(m.Groups[1].Value, whole);
            return labels => labels?[key] is null;
        }
        if ((m = SetBased().Match(part)).Success)
        {
            var key = Key(m.Groups[1].Value, whole);
            var values = m.Groups[3].Value.Split(',').Select(v => Value(v.Trim(), whole)).ToHashSet();
            var inSet = m.Groups[2].Value == "in";
            return labels => labels?[key] is { } v ? values.Contains(v.GetValue<string>()) == inSet : !inSet;
        }
        if ((m = Equality().Match(part)).Success)
        {
            var key = Key(m.Groups[1].Value, whole);
            var value = Value(m.Groups[3].Value, whole);
            var equal = m.Groups[2].Value != "!=";
            return labels => (labels?[key]?.GetValue<string>() == value) == equal;
        }
        if ((m = Numeric().Match(part)).Success)
        {
            var key = Key(m.Groups[1].Value, whole);
            var bound = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            var greater = m.Groups[2].Value == ">";
            return labels => long.TryParse(labels?[key]?.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                && (greater ? n > bound : n < bound);
        }
        if ((m = Exists().Match(part)).Success)
        {
            var key = Key(m.Groups[1].Value, whole);
            return labels => labels?[key] is not null;
        }
        throw StatusErrors.BadRequest($"unable to parse requirement: found '{part}', expected: in, notin, =, ==, !=, gt, lt");
    }

    private static string Key(string key, string whole)
    {
        var error = ObjectNames.QualifiedNameErrors(key).FirstOrDefault();
        return error is null ? key : throw StatusErrors.BadRequest(
            $"unable to parse requirement: <nil>: Invalid value: \"{key}\": {error}");
    }

    private static string Value(string value, string whole) => ObjectNames.IsLabelValue(value)
        ? value
        : throw StatusErrors.BadRequest($"unable to parse requirement: values[0][{whole}]: Invalid value: \"{value}\": {ObjectNames.LabelValueMessage}");

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^!\s*([^\s=!<>(),]+)$")]
    private static partial Regex NotExists();

    [GeneratedRegex(@"^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$")]
    private static partial Regex SetBased();

    [GeneratedRegex(@"^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$")]
    private static partial Regex Equality();

    [GeneratedRegex(@"^([^\s=!<>(),]+)\s*(>|<)\s*(\d+)$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^([^\s=!<>(),]+)$")]
    private static partial Regex Exists();
}
