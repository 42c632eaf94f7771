using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// K3: kube-openapi's schema validation as kube-apiserver runs it on custom resources, with its
/// validator order per node (type, allOf/anyOf/oneOf/not, string, format, number, array, enum,
/// object) and the error-to-cause mapping of apiextensions' kubeOpenAPIResultToFieldErrors.
/// Paths are kube-openapi's: dotted, array indices as `.0` (`spec.items.0.name`).
/// On update, a node equal to its correlated old value is not validated (CRDValidationRatcheting):
/// correlation follows object keys, map-list keys and set values, never list positions.
/// </summary>
internal static class SchemaValidator
{
    public static void Validate(JsonNode? value, SchemaNode schema, string path, List<FieldCause> causes, Prior? old = null)
    {
        if (old is { } prior && JsonNode.DeepEquals(prior.Value, value))
        {
            return;
        }
        // kube-openapi runs every applicable validator even after a type failure.
        CheckType(value, schema, path, causes);
        if (value is null)
        {
            return;
        }
        CombinatorValidator.Validate(value, schema, path, causes);
        if (value is JsonValue scalar)
        {
            ScalarValidator.Validate(scalar, schema, path, causes);
        }
        if (value is JsonArray array)
        {
            ValidateArray(array, schema, path, causes, old?.Value as JsonArray);
        }
        ValidateEnum(value, schema, path, causes);
        if (value is JsonObject obj)
        {
            ValidateObject(obj, schema, path, causes, old?.Value as JsonObject);
        }
    }

    internal static string In(string path) => $"{path} in body";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void CheckType(JsonNode? value, SchemaNode schema, string path, List<FieldCause> causes)
    {
        var allowed = schema.IntOrString && schema.Type is null ? "integer,string" : schema.Type;
        if (allowed is null)
        {
            return;
        }
        var actual = JsonKind.Of(value);
        if (value is null)
        {
            if (schema.Nullable)
            {
                return;
            }
        }
        else if (allowed.Split(',').Any(t => t == actual || (t == "number" && actual == "integer") || (t == "integer" && actual == "number" && JsonKind.IsIntegral(value))))
        {
            return;
        }
        causes.Add(FieldErrors.TypeInvalid(path, GoText.Quote(actual), $"{In(path)} must be of type {allowed}: {GoText.Quote(actual)}"));
    }

    private static void ValidateArray(JsonArray array, SchemaNode schema, string path, List<FieldCause> causes, JsonArray? old)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, FieldPath.Index(path, i), causes, Prior.ForItem(schema, old, array[i]));
            }
        }
        if (schema.MinItems is { } min && array.Count < min)
        {
            causes.Add(FieldErrors.Invalid(path, array.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{In(path)} should have at least {min} items"));
        }
        if (schema.MaxItems is { } max && array.Count > max)
        {
            causes.Add(FieldErrors.TooMany(path, array.Count, max));
        }
        if (schema.UniqueItems && HasDuplicates(array))
        {
            causes.Add(FieldErrors.Invalid(path, "\"\"", $"{In(path)} shouldn't contain duplicates"));
        }
    }

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            for (var j = i + 1; j < array.Count; j++)
            {
                if (JsonNode.DeepEquals(array[i], array[j]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void ValidateEnum(JsonNode value, SchemaNode schema, string path, List<FieldCause> causes)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Any(e => JsonNode.DeepEquals(e, value)))
        {
            return;
        }
        var names = allowed.Select(e => e is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? v.GetValue<string>()
            : e?.ToJsonString() ?? "null");
        causes.Add(FieldErrors.NotSupported(path, GoText.BadValue(value) ?? "\"\"", names));
    }

    private static void ValidateObject(JsonObject obj, SchemaNode schema, string path, List<FieldCause> causes, JsonObject? old)
    {
        if (schema.MinProperties is { } min && obj.Count < min)
        {
            causes.Add(FieldErrors.Invalid(path, obj.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{In(path)} should have at least {min} properties"));
            return;
        }
        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            causes.Add(FieldErrors.TooMany(path, obj.Count, max));
            return;
        }
        if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, child) in obj)
            {
                if (schema.Property(key) is null)
                {
                    Validate(child, additional, Join(path, key), causes, Prior.ForKey(old, key));
                }
            }
        }
        foreach (var (name, property) in schema.Properties)
        {
            if (path.Length == 0 && name == "metadata")
            {
                continue; // ObjectMeta is validated by the emulator core.
            }
            if (obj.TryGetPropertyValue(name, out var child))
            {
                Validate(child, property, Join(path, name), causes, Prior.ForKey(old, name));
            }
        }
        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                causes.Add(FieldErrors.Required(Join(path, name)));
            }
        }
    }
}
