using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// The `x-kubernetes-list-type` invariants apiextensions checks after schema validation: no
/// duplicate items in a `set`, no duplicate key tuples in a `map` (absent keys take their default).
/// Paths are field.Path style (`spec.ports[1]`).
/// </summary>
internal static class ListTypeValidator
{
    public static void Validate(JsonNode? value, SchemaNode? schema, string path, List<FieldCause> causes)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var member = schema.Property(key);
                    Validate(child, member ?? schema.AdditionalProperties, member is null ? FieldPath.Key(path, key) : FieldPath.Child(path, key), causes);
                }
                break;
            case JsonArray array:
                CheckList(array, schema, path, causes);
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], schema.Items, FieldPath.Index(path, i), causes);
                }
                break;
        }
    }

    private static void CheckList(JsonArray array, SchemaNode schema, string path, List<FieldCause> causes)
    {
        if (schema.ListType == "set")
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (Enumerable.Range(0, i).Any(j => JsonNode.DeepEquals(array[j], array[i])))
                {
                    causes.Add(FieldErrors.Duplicate(FieldPath.Index(path, i), GoText.BadValue(array[i])));
                }
            }
        }
        else if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item && !seen.Add(KeyTuple(item, schema).ToJsonString()))
                {
                    causes.Add(FieldErrors.Duplicate(FieldPath.Index(path, i), GoMap(KeyTuple(item, schema))));
                }
            }
        }
    }

    private static JsonObject KeyTuple(JsonObject item, SchemaNode schema)
    {
        var tuple = new JsonObject();
        foreach (var key in schema.ListMapKeys)
        {
            tuple[key] = (item[key] ?? schema.Items?.Property(key)?.Default)?.DeepClone();
        }
        return tuple;
    }

    /// <summary>Go's `%#v` of the key map, e.g. `map[string]interface {}{"name":"a"}`.</summary>
    private static string GoMap(JsonObject tuple)
    {
        var sb = new StringBuilder("map[string]interface {}{");
        var first = true;
        foreach (var (key, value) in tuple.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? "" : ", ").Append(GoText.Quote(key)).Append(':');
            sb.Append(value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? GoText.Quote(v.GetValue<string>()) : GoText.BadValue(value) ?? "interface {}(nil)");
            first = false;
        }
        return sb.Append('}').ToString();
    }
}
