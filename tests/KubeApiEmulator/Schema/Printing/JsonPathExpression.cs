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
        return new JsonPathExpression(path, JsonPathParser.ParseSegments(body));
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
}
