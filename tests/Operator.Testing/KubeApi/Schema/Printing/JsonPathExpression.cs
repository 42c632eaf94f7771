using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Printing;

/// <summary>
/// The kubectl/client-go JSONPath subset used by `additionalPrinterColumns`: `.a.b`, `['a.b']`,
/// `[n]`, `[-1]`, `[a:b]`, `[*]`, `.*`, `..name`, and filters `[?(@.type=="Ready")]`. `{range}`,
/// unions and functions are not supported. Hand-written: no JSONPath library is referenced here,
/// and client-go's dialect (missing keys allowed, Go slices) differs from RFC 9535.
/// </summary>
internal sealed class JsonPathExpression
{
    private static readonly string[] s_operators = ["==", "!=", "<=", ">=", "<", ">"];
    private readonly IReadOnlyList<JsonPathSegment> _segments;

    private JsonPathExpression(string source, IReadOnlyList<JsonPathSegment> segments)
    {
        Source = source;
        _segments = segments;
    }

    public string Source { get; }

    /// <exception cref="FormatException">The path is malformed or outside the subset.</exception>
    public static JsonPathExpression Parse(string path)
    {
        var body = path.Trim();
        if (body.StartsWith('{') && body.EndsWith('}'))
        {
            body = body[1..^1].Trim();
        }
        if (body.StartsWith('$'))
        {
            body = body[1..];
        }
        return new JsonPathExpression(path, ParseSegments(body));
    }

    /// <summary>Every value the path selects, in document order; none when a key is missing.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root) => [.. Apply(_segments, root)];

    internal static IEnumerable<JsonNode?> Apply(IReadOnlyList<JsonPathSegment> segments, JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var segment in segments)
        {
            current = current.SelectMany(segment.Select).ToList();
        }
        return current;
    }

    private static List<JsonPathSegment> ParseSegments(string s)
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
