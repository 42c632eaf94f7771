using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// K2: apiextensions' structural defaulting. A non-nullable null is removed when its schema has no
/// default and replaced by the default when it has one; absent properties get their default only
/// when the enclosing object exists (defaults never create parents). Defaulted values are then
/// defaulted further, as upstream recurses after setting.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? value, SchemaNode? schema)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                ApplyObject(obj, schema);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && !items.Nullable && items.HasDefault)
                    {
                        array[i] = items.Default!.DeepClone();
                    }
                    Apply(array[i], items);
                }
                break;
        }
    }

    private static void ApplyObject(JsonObject obj, SchemaNode schema)
    {
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (obj[key] is null && schema.Member(key) is { Nullable: false, HasDefault: false })
            {
                obj.Remove(key);
            }
        }
        foreach (var (name, property) in schema.Properties)
        {
            if (!property.HasDefault)
            {
                continue;
            }
            if (!obj.TryGetPropertyValue(name, out var current) || (current is null && !property.Nullable))
            {
                obj[name] = property.Default!.DeepClone();
            }
        }
        if (schema.AdditionalProperties is { HasDefault: true, Nullable: false } additional)
        {
            foreach (var key in obj.Where(p => p.Value is null && schema.Property(p.Key) is null).Select(p => p.Key).ToList())
            {
                obj[key] = additional.Default!.DeepClone();
            }
        }
        foreach (var (key, child) in obj.ToList())
        {
            Apply(child, schema.Member(key));
        }
    }
}
