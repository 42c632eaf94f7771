using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Printing;

/// <summary>Turns a JSONPath body (without braces or `$`) into segments; throws FormatException outside the subset.</summary>
internal static class JsonPathParser
{
    private static readonly string[] s_operators = ["==", "!=", "<=", ">=", "<", ">"];

    public static List<JsonPathSegment> ParseSegments(string s)
    {
        var segments = new List<JsonPathSegment>();
        var i = 0;
        while (i < s.Length)
        {
            if (s.AsSpan(i).StartsWith(".."))
            {
                i += 2;
                segments.Add(new RecursiveSegment(ReadName(s, ref i)));
            }
            else if (s[i] == '.')
            {
                i++;
                if (i < s.Length && s[i] == '*')
                {
                    i++;
                    segments.Add(new WildcardSegment());
                }
                else if (i < s.Length && s[i] != '[')
                {
                    segments.Add(new ChildSegment(ReadName(s, ref i)));
                }
            }
            else if (s[i] == '[')
            {
                var close = FindClose(s, i);
                segments.Add(ParseBracket(s[(i + 1)..close].Trim()));
                i = close + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{s[i]}' at {i} in JSONPath");
            }
        }
        return segments;
    }

    private static string ReadName(string s, ref int i)
    {
        var sb = new StringBuilder();
        while (i < s.Length && s[i] is not ('.' or '['))
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }
            sb.Append(s[i++]);
        }
        return sb.Length > 0 ? sb.ToString() : throw new FormatException("empty name in JSONPath");
    }

    private static int FindClose(string s, int open)
    {
        char? quote = null;
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            var c = s[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[' || c == '(')
            {
                depth++;
            }
            else if ((c == ']' || c == ')') && --depth == 0)
            {
                return i;
            }
        }
        throw new FormatException("unclosed '[' in JSONPath");
    }

    private static JsonPathSegment ParseBracket(string inner)
    {
        if (inner == "*")
        {
            return new WildcardSegment();
        }
        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            return ParseFilter(inner[2..^1].Trim());
        }
        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            return new ChildSegment(inner[1..^1]);
        }
        if (inner.Contains(','))
        {
            throw new FormatException("JSONPath unions are not supported");
        }
        var parts = inner.Split(':');
        int? Num(string p) => p.Trim().Length == 0 ? null : int.Parse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return parts.Length switch
        {
            1 => new IndexSegment(Num(parts[0]), null, IsSlice: false),
            2 => new IndexSegment(Num(parts[0]), Num(parts[1]), IsSlice: true),
            _ => throw new FormatException("JSONPath slice steps are not supported"),
        };
    }

    private static FilterSegment ParseFilter(string filter)
    {
        if (!filter.StartsWith('@'))
        {
            throw new FormatException("JSONPath filter must start with @");
        }
        foreach (var op in s_operators)
        {
            var at = IndexOutsideQuotes(filter, op);
            if (at > 0)
            {
                var left = ParseSegments(filter[1..at].Trim());
                return new FilterSegment(left, op, Literal(filter[(at + op.Length)..].Trim()));
            }
        }
        return new FilterSegment(ParseSegments(filter[1..]), null, null);
    }

    private static int IndexOutsideQuotes(string s, string op)
    {
        char? quote = null;
        for (var i = 0; i < s.Length; i++)
        {
            if (quote is not null)
            {
                quote = s[i] == quote ? null : quote;
            }
            else if (s[i] is '\'' or '"')
            {
                quote = s[i];
            }
            else if (string.CompareOrdinal(s, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode? Literal(string text)
    {
        if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
        {
            return JsonValue.Create(text[1..^1]);
        }
        return text switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? JsonValue.Create(d)
                : throw new FormatException($"unsupported JSONPath filter literal {text}"),
        };
    }
}
