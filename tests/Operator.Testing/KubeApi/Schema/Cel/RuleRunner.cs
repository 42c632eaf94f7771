using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>Placeholder until the CEL subset lands: every rule is reported as not evaluated.</summary>
internal sealed class RuleRunner(List<FieldCause> causes, List<string> unevaluated)
{
    public void Run(JsonNode? value, JsonNode? old, bool hasOld, SchemaNode schema, string path, bool isResourceRoot)
    {
        _ = causes;
        foreach (var rule in schema.Rules)
        {
            unevaluated.Add(rule.Rule);
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (schema.Member(key) is { } s)
                    {
                        Run(child, old?[key], hasOld, s, path, false);
                    }
                }
                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    Run(item, null, false, items, path, false);
                }
                break;
        }
    }
}
