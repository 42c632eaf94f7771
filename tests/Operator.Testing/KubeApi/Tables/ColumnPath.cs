using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use: `.a.b`, `.a[0]`, `.a[*]`, and filters
/// `.a[?(@.type=="Ready")]`, evaluated to the first match as kube-apiserver's table convertor does.
/// </summary>
/// <remarks>
/// Written here rather than taken from the schema work's evaluator so that Table responses do not wait on
/// it; it only has to resolve the paths printer columns are allowed to hold (simple, no functions).
/// </remarks>
internal sealed class ColumnPath
{
    private readonly IReadOnlyList<Step> _steps;

    private ColumnPath(IReadOnlyList<Step> steps) => _steps = steps;

    private abstract record Step;

    private sealed record Member(string Name) : Step;

    private sealed record Index(int Position) : Step;

    private sealed record Wildcard : Step;

    private sealed record Filter(string Field, string Value) : Step;

    public static ColumnPath Parse(string path)
    {
        var steps = new List<Step>();
        var rest = path.Trim().TrimStart('{').TrimEnd('}');
        var i = 0;
        while (i < rest.Length)
        {
            if (rest[i] == '.')
            {
                var end = rest.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? rest.Length : end;
                if (end > i + 1)
                {
                    steps.Add(new Member(rest[(i + 1)..end]));
                }

                i = end;
                continue;
            }

            if (rest[i] != '[')
            {
                throw new FormatException($"unexpected '{rest[i]}' in JSONPath {path}");
            }

            var close = rest.IndexOf(']', i);
            steps.Add(Bracket(rest[(i + 1)..close], path));
            i = close + 1;
        }

        return new ColumnPath(steps);
    }

    /// <summary>The first value the path reaches, or null when it reaches nothing.</summary>
    public JsonNode? FirstMatch(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(node => Apply(step, node));
        }

        return current.FirstOrDefault(n => n is not null);
    }

    private static Step Bracket(string inner, string path)
    {
        if (inner == "*")
        {
            return new Wildcard();
        }

        if (int.TryParse(inner, out var position))
        {
            return new Index(position);
        }

        // ?(@.field=="value") or ?(@.field=='value')
        if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')') && inner.Contains("==", StringComparison.Ordinal))
        {
            var body = inner[4..^1];
            var eq = body.IndexOf("==", StringComparison.Ordinal);
            return new Filter(body[..eq].Trim(), body[(eq + 2)..].Trim().Trim('"', '\''));
        }

        return inner.StartsWith('\'') || inner.StartsWith('"') ? new Member(inner.Trim('\'', '"')) : throw new FormatException($"unsupported JSONPath {path}");
    }

    private static IEnumerable<JsonNode?> Apply(Step step, JsonNode? node) => (step, node) switch
    {
        (Member m, JsonObject o) => o.TryGetPropertyValue(m.Name, out var v) ? [v] : [],
        (Index ix, JsonArray a) => ix.Position >= 0 && ix.Position < a.Count ? [a[ix.Position]] : [],
        (Wildcard, JsonArray a) => a,
        (Wildcard, JsonObject o) => o.Select(p => p.Value),
        (Filter f, JsonArray a) => a.Where(e => e is JsonObject o && o[f.Field] is JsonValue v && Text(v) == f.Value),
        _ => [],
    };

    private static string Text(JsonValue v) => v.TryGetValue<string>(out var s) ? s : v.ToJsonString();
}
