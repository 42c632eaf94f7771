using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Operator.Tests.Api;

/// <summary>
/// Walks a structural schema and a C# type side by side and lists every difference: a property on one
/// side only, a type that cannot hold the schema's values, enum members that differ, and (for the
/// model's own types) nullability that disagrees with the schema's `required`.
/// </summary>
internal sealed class SchemaModelComparer(string ownNamespace)
{
    private readonly NullabilityInfoContext _nullability = new();
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Compare(JsonObject schema, Type type)
    {
        _problems.Clear();
        CompareNode(schema, type, "");
        return [.. _problems];
    }

    private void CompareNode(JsonObject schema, Type type, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch ((string?)schema["type"])
        {
            case "object" when schema["properties"] is JsonObject properties:
                CompareObject(schema, properties, type, path);
                break;
            case "object" when schema["additionalProperties"] is JsonObject values:
                CompareElement(values, type, typeof(IReadOnlyDictionary<,>), 1, path + "{}");
                break;
            case "object":
                Expect(!type.IsPrimitive && type != typeof(string), path, $"{type.Name} cannot hold an object");
                break;
            case "array":
                CompareElement((JsonObject)schema["items"]!, type, typeof(IEnumerable<>), 0, path + "[]");
                break;
            case "string":
                CompareString(schema, type, path);
                break;
            case "integer":
                var integer = (string?)schema["format"] == "int32" ? typeof(int) : typeof(long);
                Expect(type == integer, path, $"is {type.Name}, the schema says {integer.Name}");
                break;
            case "boolean":
                Expect(type == typeof(bool), path, $"is {type.Name}, the schema says boolean");
                break;
            default:
                _problems.Add($"{path}: unsupported schema type {schema["type"]}");
                break;
        }
    }

    private void CompareObject(JsonObject schema, JsonObject properties, Type type, string path)
    {
        var clr = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, StringComparer.Ordinal);
        var required = (schema["required"] as JsonArray)?.Select(n => (string)n!).ToHashSet() ?? [];
        foreach (var (name, node) in properties)
        {
            if (!clr.TryGetValue(name, out var property))
            {
                _problems.Add($"{path}.{name}: in the schema, missing from {type.Name}");
                continue;
            }

            if (type.Namespace == ownNamespace && path.Length > 0)
            {
                CompareNullability(property, required.Contains(name), $"{path}.{name}");
            }

            CompareNode((JsonObject)node!, property.PropertyType, $"{path}.{name}");
        }

        foreach (var name in clr.Keys.Where(name => !properties.ContainsKey(name)))
        {
            _problems.Add($"{path}.{name}: in {type.Name}, missing from the schema");
        }
    }

    private void CompareNullability(PropertyInfo property, bool required, string path)
    {
        var nullable = _nullability.Create(property).ReadState == NullabilityState.Nullable;
        Expect(nullable != required, path, required ? "is required but nullable" : "is optional but not nullable");
    }

    private void CompareElement(JsonObject items, Type type, Type generic, int argument, string path)
    {
        var candidates = type.IsGenericType && type.GetGenericTypeDefinition() == generic ? [type] : type.GetInterfaces();
        var match = candidates.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        if (match is null || type == typeof(string))
        {
            _problems.Add($"{path}: {type.Name} is not a {generic.Name}");
            return;
        }

        CompareNode(items, match.GetGenericArguments()[argument], path);
    }

    private void CompareString(JsonObject schema, Type type, string path)
    {
        if ((string?)schema["format"] == "date-time")
        {
            Expect(type == typeof(DateTimeOffset) || type == typeof(DateTime), path, $"is {type.Name}, the schema says date-time");
        }
        else if (type.IsEnum)
        {
            var schemaValues = (schema["enum"] as JsonArray)?.Select(n => (string)n!).Order().ToArray() ?? [];
            // Unrecognized stands for any value this build does not know (Api/V1Alpha1/LenientEnumConverter): it has no name.
            var clrValues = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.Name != "Unrecognized")
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name).Order().ToArray();
            Expect(schemaValues.SequenceEqual(clrValues), path,
                $"enum {type.Name} has [{string.Join(", ", clrValues)}], the schema [{string.Join(", ", schemaValues)}]");
        }
        else
        {
            Expect(type == typeof(string), path, $"is {type.Name}, the schema says string");
        }
    }

    private void Expect(bool condition, string path, string problem)
    {
        if (!condition)
        {
            _problems.Add($"{path}: {problem}");
        }
    }
}
