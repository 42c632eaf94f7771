using System.Text;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// String members: CEL's standard ones (size, contains, startsWith, endsWith, matches) and the
/// Kubernetes/ext strings library's common ones. Indices count code points, as in cel-go.
/// </summary>
internal static class StringMethods
{
    public static object? Invoke(string s, string name, List<object?> args) => (name, args.Count, args.FirstOrDefault()) switch
    {
        ("size", 0, _) => (long)s.EnumerateRunes().Count(),
        ("contains", 1, string x) => s.Contains(x, StringComparison.Ordinal),
        ("startsWith", 1, string x) => s.StartsWith(x, StringComparison.Ordinal),
        ("endsWith", 1, string x) => s.EndsWith(x, StringComparison.Ordinal),
        ("matches", 1, string re) => GoRegex.IsMatch(re, s),
        ("lowerAscii", 0, _) => string.Concat(s.Select(c => char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : c)),
        ("upperAscii", 0, _) => string.Concat(s.Select(c => char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c)),
        ("trim", 0, _) => s.Trim(),
        ("split", 1, string sep) => Split(s, sep),
        ("replace", 2, string from) when args[1] is string to => from.Length == 0 ? throw new CelUnsupportedException("replace with empty pattern") : s.Replace(from, to, StringComparison.Ordinal),
        ("indexOf", 1, string x) => CodePoints(s, s.IndexOf(x, StringComparison.Ordinal)),
        ("lastIndexOf", 1, string x) => CodePoints(s, s.LastIndexOf(x, StringComparison.Ordinal)),
        ("charAt", 1, _) => Substring(s, Builtins.CodePointIndex(args[0]), Builtins.CodePointIndex(args[0]) + 1, charAt: true),
        ("substring", 1, _) => Substring(s, Builtins.CodePointIndex(args[0]), null, charAt: false),
        ("substring", 2, _) => Substring(s, Builtins.CodePointIndex(args[0]), Builtins.CodePointIndex(args[1]), charAt: false),
        _ => throw Operators.NoOverload(name, [s, .. args]),
    };

    private static List<object?> Split(string s, string sep) =>
        sep.Length == 0
            ? s.EnumerateRunes().Select(r => (object?)r.ToString()).ToList()
            : s.Split(sep).Select(p => (object?)p).ToList();

    private static long CodePoints(string s, int utf16Index) =>
        utf16Index < 0 ? -1 : s[..utf16Index].EnumerateRunes().Count();

    private static object Substring(string s, int start, int? end, bool charAt)
    {
        var runes = s.EnumerateRunes().ToList();
        var stop = end ?? runes.Count;
        if (charAt && start == runes.Count)
        {
            return "";
        }
        if (start > runes.Count || stop > runes.Count || start > stop)
        {
            return new CelError($"index out of range: {(start > runes.Count ? start : stop)}");
        }
        var sb = new StringBuilder();
        foreach (var r in runes.Skip(start).Take(stop - start))
        {
            sb.Append(r.ToString());
        }
        return sb.ToString();
    }
}
