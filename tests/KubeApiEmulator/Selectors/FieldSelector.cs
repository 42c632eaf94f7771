using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Selectors;

/// <summary>`fieldSelector` (L2): `f=v`, `f==v`, `f!=v`, comma = AND, over the fields each resource supports.</summary>
internal sealed class FieldSelector
{
    private static readonly string[] s_eventFields =
    [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
        "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
    ];

    private readonly List<(string Field, string Value, bool Equal)> _terms = [];

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>The name required by `metadata.name=X`, for single-object watches (W8).</summary>
    public string? RequiredName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (op, index) = FindOperator(part);
            if (index <= 0)
            {
                throw StatusErrors.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }
            var field = part[..index].Trim();
            var value = part[(index + op.Length)..].Trim();
            if (!Supports(type, field))
            {
                throw StatusErrors.BadRequest($"field label not supported: {field}");
            }
            selector._terms.Add((field, value, op != "!="));
        }
        return selector;
    }

    public bool Matches(JsonObject obj) => _terms.All(t => (Read(obj, t.Field) == t.Value) == t.Equal);

    private static bool Supports(ResourceType type, string field) =>
        field is "metadata.name" or "metadata.namespace"
        || (type == BuiltinResources.Secrets && field == "type")
        || (type.Plural == "events" && type.Group.Length == 0 && s_eventFields.Contains(field))
        || type.SelectableFields.Contains(field);

    private static string Read(JsonObject obj, string field)
    {
        var path = field == "source" ? "source.component" : field;
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject o ? o[segment] : null;
        }
        return node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }

    private static (string Op, int Index) FindOperator(string part)
    {
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var index = part.IndexOf(op, StringComparison.Ordinal);
            if (index >= 0)
            {
                return (op, index);
            }
        }
        return ("", -1);
    }
}
