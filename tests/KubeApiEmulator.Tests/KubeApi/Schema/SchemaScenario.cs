using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>Runs one admission against a small inline schema; the object is kept to inspect mutations.</summary>
internal sealed class SchemaScenario
{
    private SchemaScenario(JsonObject obj, SchemaOutcome outcome)
    {
        Object = obj;
        Outcome = outcome;
    }

    public JsonObject Object { get; }

    public SchemaOutcome Outcome { get; }

    public IEnumerable<string> Messages => Outcome.Causes.Select(c => $"{c.Field}: {c.Message}");

    public static SchemaScenario Admit(string schema, string obj, string? old = null, bool statusOnly = false)
    {
        var crd = CrdSchema.Parse(JsonNode.Parse(schema)!.AsObject());
        var target = JsonNode.Parse(obj)!.AsObject();
        var outcome = crd.Admit(target, old is null ? null : JsonNode.Parse(old)!.AsObject(), statusOnly);
        return new SchemaScenario(target, outcome);
    }

    /// <summary>A root schema with `spec` holding the given property schemas.</summary>
    public static string Spec(string properties, string extra = "") =>
        "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\"" + extra + ",\"properties\":{" + properties + "}}}}";
}
