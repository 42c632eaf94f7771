using System.Text.Json.Nodes;

namespace Operator.Tests.Api;

/// <summary>What `kubectl explain`, GitOps tools and the API server expect of the hand-written CRD.</summary>
public sealed class CrdConventionsTests
{
    [Fact]
    public void EverySchemaNode_HasADescription()
    {
        var missing = Nodes(CrdDocument.OpenApiV3Schema, "")
            .Where(node => node.Schema["description"] is null)
            .Select(node => node.Path);

        Assert.Empty(missing);
    }

    [Fact]
    public void NoSchemaNode_SaysNullableFalse()
    {
        // Argo CD reports drift when the stored CRD lacks a `nullable: false` the manifest has.
        var offenders = Nodes(CrdDocument.OpenApiV3Schema, "")
            .Where(node => node.Schema["nullable"] is JsonValue value && !value.GetValue<bool>())
            .Select(node => node.Path);

        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryCelRule_HasAMessageNamingAField()
    {
        var rules = Nodes(CrdDocument.OpenApiV3Schema, "")
            .SelectMany(node => (node.Schema["x-kubernetes-validations"] as JsonArray ?? []).Select(rule => (node.Path, Rule: rule!)))
            .ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.StartsWith("spec.", (string?)r.Rule["message"] ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public void PrinterColumns_AreProviderTargetReadyExpiresRefreshAge()
    {
        var columns = CrdDocument.Version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]);

        Assert.Equal(["Provider", "Target", "Ready", "Expires", "Refresh", "Age"], columns);
    }

    [Fact]
    public void PrinterColumns_ReadOnlyFieldsTheStatusSchemaDeclares()
    {
        var status = CrdDocument.OpenApiV3Schema["properties"]!["status"]!["properties"]!.AsObject();
        var statusColumns = CrdDocument.Version["additionalPrinterColumns"]!.AsArray()
            .Select(c => (string)c!["jsonPath"]!)
            .Where(path => path.StartsWith(".status.", StringComparison.Ordinal))
            .Select(path => path[".status.".Length..].Split('[', '.')[0]);

        Assert.All(statusColumns, field => Assert.True(status.ContainsKey(field), $"status.{field} is not in the schema"));
    }

    private static IEnumerable<(string Path, JsonObject Schema)> Nodes(JsonObject schema, string path)
    {
        yield return (path, schema);
        var children = (schema["properties"] as JsonObject ?? []).Select(p => ($"{path}.{p.Key}", p.Value))
            .Append(($"{path}[]", schema["items"]))
            .Append(($"{path}{{}}", schema["additionalProperties"] as JsonObject));
        foreach (var (childPath, child) in children)
        {
            if (child is JsonObject childSchema)
            {
                foreach (var node in Nodes(childSchema, childPath))
                {
                    yield return node;
                }
            }
        }
    }
}
