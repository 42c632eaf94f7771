using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// allOf/anyOf/oneOf/not as value validations (structural schemas forbid types inside them).
/// Failing alternatives report kube-openapi's composite message plus the errors of the closest
/// alternative; "closest" is approximated as the one with fewest errors (upstream counts matches).
/// </summary>
internal static class CombinatorValidator
{
    public static void Validate(JsonNode value, SchemaNode schema, string path, List<FieldCause> causes)
    {
        var name = GoText.Quote(path);
        if (schema.AnyOf.Count > 0)
        {
            var results = schema.AnyOf.Select(s => Run(value, s, path)).ToList();
            if (!results.Any(r => r.Count == 0))
            {
                causes.Add(Composite(path, $"{name} must validate at least one schema (anyOf)"));
                causes.AddRange(results.MinBy(r => r.Count)!);
            }
        }
        if (schema.OneOf.Count > 0)
        {
            var results = schema.OneOf.Select(s => Run(value, s, path)).ToList();
            var valid = results.Count(r => r.Count == 0);
            if (valid != 1)
            {
                var detail = valid == 0 ? "Found none valid" : $"Found {valid} valid alternatives";
                causes.Add(Composite(path, $"{name} must validate one and only one schema (oneOf). {detail}"));
                if (valid == 0)
                {
                    causes.AddRange(results.MinBy(r => r.Count)!);
                }
            }
        }
        if (schema.AllOf.Count > 0)
        {
            var results = schema.AllOf.Select(s => Run(value, s, path)).ToList();
            results.ForEach(causes.AddRange);
            var valid = results.Count(r => r.Count == 0);
            if (valid != results.Count)
            {
                causes.Add(Composite(path, $"{name} must validate all the schemas (allOf){(valid == 0 ? ". None validated" : "")}"));
            }
        }
        if (schema.Not is { } not && Run(value, not, path).Count == 0)
        {
            causes.Add(Composite(path, $"{name} must not validate the schema (not)"));
        }
    }

    private static List<FieldCause> Run(JsonNode value, SchemaNode schema, string path)
    {
        var found = new List<FieldCause>();
        SchemaValidator.Validate(value, schema, path, found);
        return found;
    }

    private static FieldCause Composite(string path, string detail) => FieldErrors.Invalid(path, "\"\"", detail);
}
