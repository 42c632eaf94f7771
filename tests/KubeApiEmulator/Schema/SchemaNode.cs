using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// One node of a CRD structural schema, read once from `openAPIV3Schema` so admission does not
/// re-interpret JSON on every write. Only the keywords kube-apiserver acts on are kept.
/// </summary>
internal sealed class SchemaNode
{
    public string? Type { get; private init; }
    public bool Nullable { get; private init; }
    public bool IntOrString { get; private init; }
    public bool PreserveUnknownFields { get; private init; }
    public bool EmbeddedResource { get; private init; }
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Properties { get; private init; } = [];
    public SchemaNode? AdditionalProperties { get; private init; }
    public bool AdditionalPropertiesAllowed { get; private init; }
    public SchemaNode? Items { get; private init; }
    public IReadOnlyList<string> Required { get; private init; } = [];
    public JsonArray? Enum { get; private init; }
    public string? Pattern { get; private init; }
    public string? Format { get; private init; }
    public double? Minimum { get; private init; }
    public double? Maximum { get; private init; }
    public bool ExclusiveMinimum { get; private init; }
    public bool ExclusiveMaximum { get; private init; }
    public double? MultipleOf { get; private init; }
    public long? MinLength { get; private init; }
    public long? MaxLength { get; private init; }
    public long? MinItems { get; private init; }
    public long? MaxItems { get; private init; }
    public bool UniqueItems { get; private init; }
    public long? MinProperties { get; private init; }
    public long? MaxProperties { get; private init; }
    public JsonNode? Default { get; private init; }
    public bool HasDefault { get; private init; }
    public IReadOnlyList<SchemaNode> AllOf { get; private init; } = [];
    public IReadOnlyList<SchemaNode> AnyOf { get; private init; } = [];
    public IReadOnlyList<SchemaNode> OneOf { get; private init; } = [];
    public SchemaNode? Not { get; private init; }
    public string? ListType { get; private init; }
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];
    public IReadOnlyList<ValidationRule> Rules { get; private init; } = [];

    public SchemaNode? Property(string name)
    {
        foreach (var (key, value) in Properties)
        {
            if (key == name)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>The schema governing a member of an object: a declared property, else additionalProperties.</summary>
    public SchemaNode? Member(string name) => Property(name) ?? AdditionalProperties;

    public static SchemaNode Parse(JsonObject s) => new()
    {
        Type = Str(s, "type"),
        Nullable = Bool(s, "nullable"),
        IntOrString = Bool(s, "x-kubernetes-int-or-string"),
        PreserveUnknownFields = Bool(s, "x-kubernetes-preserve-unknown-fields"),
        EmbeddedResource = Bool(s, "x-kubernetes-embedded-resource"),
        Properties = s["properties"] is JsonObject props
            ? [.. props.Where(p => p.Value is JsonObject).Select(p => KeyValuePair.Create(p.Key, Parse((JsonObject)p.Value!)))]
            : [],
        AdditionalProperties = s["additionalProperties"] is JsonObject ap ? Parse(ap) : null,
        AdditionalPropertiesAllowed = s["additionalProperties"] is JsonValue apb && apb.TryGetValue(out bool allowed) && allowed,
        Items = s["items"] is JsonObject items ? Parse(items) : null,
        Required = Strings(s["required"]),
        Enum = s["enum"] as JsonArray,
        Pattern = Str(s, "pattern"),
        Format = Str(s, "format"),
        Minimum = Num(s, "minimum"),
        Maximum = Num(s, "maximum"),
        ExclusiveMinimum = Bool(s, "exclusiveMinimum"),
        ExclusiveMaximum = Bool(s, "exclusiveMaximum"),
        MultipleOf = Num(s, "multipleOf"),
        MinLength = Int(s, "minLength"),
        MaxLength = Int(s, "maxLength"),
        MinItems = Int(s, "minItems"),
        MaxItems = Int(s, "maxItems"),
        UniqueItems = Bool(s, "uniqueItems"),
        MinProperties = Int(s, "minProperties"),
        MaxProperties = Int(s, "maxProperties"),
        Default = s["default"],
        HasDefault = s.ContainsKey("default") && s["default"] is not null,
        AllOf = Schemas(s["allOf"]),
        AnyOf = Schemas(s["anyOf"]),
        OneOf = Schemas(s["oneOf"]),
        Not = s["not"] is JsonObject not ? Parse(not) : null,
        ListType = Str(s, "x-kubernetes-list-type"),
        ListMapKeys = Strings(s["x-kubernetes-list-map-keys"]),
        Rules = s["x-kubernetes-validations"] is JsonArray rules
            ? [.. rules.OfType<JsonObject>().Select(ValidationRule.Parse)]
            : [],
    };

    private static string? Str(JsonObject s, string key) =>
        s[key] is JsonValue v && v.TryGetValue(out string? text) ? text : null;

    private static bool Bool(JsonObject s, string key) =>
        s[key] is JsonValue v && v.TryGetValue(out bool b) && b;

    private static double? Num(JsonObject s, string key) =>
        s[key] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? JsonNumber.ToDouble(v) : null;

    private static long? Int(JsonObject s, string key) =>
        s[key] is JsonValue v && JsonNumber.TryGetInt64(v, out var l) ? l : null;

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.OfType<JsonValue>().Select(v => v.GetValue<string>())] : [];

    private static IReadOnlyList<SchemaNode> Schemas(JsonNode? node) =>
        node is JsonArray a ? [.. a.OfType<JsonObject>().Select(Parse)] : [];
}
