namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// A rule's `fieldPath` (`.spec.x`, `.labels['a.b']`) appended to the rule's path: a declared
/// property becomes a child, an additionalProperties key a `[key]`, as apiextensions' ValidFieldPath.
/// </summary>
internal static class RuleFieldPath
{
    public static string Resolve(string path, SchemaNode schema, string? fieldPath)
    {
        if (string.IsNullOrEmpty(fieldPath))
        {
            return path;
        }
        var current = schema;
        var i = 0;
        while (i < fieldPath.Length)
        {
            string name;
            var named = true;
            if (fieldPath[i] == '.')
            {
                var end = fieldPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? fieldPath.Length : end;
                name = fieldPath[(i + 1)..end];
                i = end;
            }
            else if (fieldPath[i] == '[' && fieldPath.IndexOf("']", i, StringComparison.Ordinal) is var close and > 0)
            {
                name = fieldPath[(i + 2)..close].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                named = current?.Properties.Count > 0 || current?.AdditionalProperties is null;
                i = close + 2;
            }
            else
            {
                return path; // not a path upstream would have admitted
            }
            path = named ? FieldPath.Child(path, name) : FieldPath.Key(path, name);
            current = named ? current?.Property(name) : current?.AdditionalProperties;
        }
        return path;
    }
}
