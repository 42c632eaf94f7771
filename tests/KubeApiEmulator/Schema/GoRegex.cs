using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// Go RE2 patterns (schema `pattern`, CEL `matches`) run on .NET's engine. .NET is a superset for
/// valid RE2 except where meanings differ, which this rewrites: `\d`, `\w`, `\s` are ASCII-only in
/// Go, and `$` (without the m flag) matches only at the very end in Go, not before a final newline.
/// Constructs RE2 rejects (backreferences, lookaround) are not rejected here.
/// </summary>
internal static class GoRegex
{
    private static readonly ConcurrentDictionary<string, Regex> s_cache = new();

    public static bool IsMatch(string pattern, string input) =>
        s_cache.GetOrAdd(pattern, p => new Regex(Translate(p), RegexOptions.CultureInvariant)).IsMatch(input);

    public static string Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(Escape(pattern[++i], inClass));
                continue;
            }
            if (inClass && c == '[' && PosixClass(pattern, i) is { } posix)
            {
                sb.Append(posix.Replacement);
                i += posix.Length - 1;
                continue;
            }
            if (inClass)
            {
                inClass = c != ']' || sb[^1] == '[' || (sb.Length >= 2 && sb[^1] == '^' && sb[^2] == '[');
                sb.Append(c);
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    break;
                case '$':
                    sb.Append("\\z");
                    break;
                case '(' when pattern.AsSpan(i).StartsWith("(?P<"):
                    sb.Append("(?<");
                    i += 3;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Go's Perl classes are ASCII-only; inside brackets they expand to ranges.</summary>
    private static string Escape(char n, bool inClass) => (n, inClass) switch
    {
        ('d', false) => "[0-9]",
        ('d', true) => "0-9",
        ('w', false) => "[0-9A-Za-z_]",
        ('w', true) => "0-9A-Za-z_",
        ('s', false) => "[\\t\\n\\f\\r ]",
        ('s', true) => "\\t\\n\\f\\r ",
        _ => "\\" + n,
    };

    private static readonly Dictionary<string, string> s_posixClasses = new()
    {
        ["[:alnum:]"] = "0-9A-Za-z",
        ["[:alpha:]"] = "A-Za-z",
        ["[:ascii:]"] = "\\x00-\\x7F",
        ["[:blank:]"] = "\\t ",
        ["[:cntrl:]"] = "\\x00-\\x1F\\x7F",
        ["[:digit:]"] = "0-9",
        ["[:graph:]"] = "!-~",
        ["[:lower:]"] = "a-z",
        ["[:print:]"] = " -~",
        ["[:punct:]"] = "!-/:-@\\[-`{-~",
        ["[:space:]"] = "\\t\\n\\v\\f\\r ",
        ["[:upper:]"] = "A-Z",
        ["[:word:]"] = "0-9A-Za-z_",
        ["[:xdigit:]"] = "0-9A-Fa-f",
    };

    /// <summary>RE2's POSIX classes inside brackets (`[[:alpha:]]`), which .NET would read as literal characters.</summary>
    private static (string Replacement, int Length)? PosixClass(string pattern, int i)
    {
        foreach (var (name, replacement) in s_posixClasses)
        {
            if (string.CompareOrdinal(pattern, i, name, 0, name.Length) == 0)
            {
                return (replacement, name.Length);
            }
        }
        return null;
    }
}
