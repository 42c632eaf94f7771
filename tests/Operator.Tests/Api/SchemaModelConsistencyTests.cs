using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;

namespace Operator.Tests.Api;

/// <summary>
/// The CRD YAML is the source of truth and the C# model is written by hand beside it; these tests make
/// them fail together the moment one drifts from the other.
/// </summary>
public sealed class SchemaModelConsistencyTests
{
    private static readonly SchemaModelComparer s_comparer = new(typeof(DelegatedCredential).Namespace!);

    [Fact]
    public void EverySchemaProperty_HasAModelProperty_AndViceVersa()
    {
        var problems = s_comparer.Compare(CrdDocument.OpenApiV3Schema, typeof(DelegatedCredential));

        Assert.Empty(problems);
    }

    [Fact]
    public void Comparer_ReportsAPropertyOnlyInTheSchema()
    {
        var schema = (JsonObject)CrdDocument.OpenApiV3Schema.DeepClone();
        schema["properties"]!["spec"]!["properties"]!["target"]!["properties"]!["datadog"]!["properties"]!["region"] =
            new JsonObject { ["type"] = "string", ["description"] = "x" };

        var problems = s_comparer.Compare(schema, typeof(DelegatedCredential));

        Assert.Equal([".spec.target.datadog.region: in the schema, missing from DatadogTargetSpec"], problems);
    }

    [Fact]
    public void Comparer_ReportsAPropertyOnlyInTheModel()
    {
        var schema = (JsonObject)CrdDocument.OpenApiV3Schema.DeepClone();
        ((JsonObject)schema["properties"]!["status"]!["properties"]!).Remove("failures");

        var problems = s_comparer.Compare(schema, typeof(DelegatedCredential));

        Assert.Equal([".status.failures: in DelegatedCredentialStatus, missing from the schema"], problems);
    }

    [Fact]
    public void Comparer_ReportsEnumMembersThatDiffer()
    {
        var schema = (JsonObject)CrdDocument.OpenApiV3Schema.DeepClone();
        var kind = schema["properties"]!["spec"]!["properties"]!["restartOnRotation"]!["items"]!["properties"]!["kind"]!;
        ((JsonArray)kind["enum"]!).Add("Job");

        var problems = s_comparer.Compare(schema, typeof(DelegatedCredential));

        Assert.Single(problems, p => p.StartsWith(".spec.restartOnRotation[].kind: enum WorkloadKind", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_ReportsARequiredFieldThatIsNullableInTheModel()
    {
        var schema = (JsonObject)CrdDocument.OpenApiV3Schema.DeepClone();
        schema["properties"]!["spec"]!["properties"]!["secret"]!["required"] = new JsonArray("name");

        var problems = s_comparer.Compare(schema, typeof(DelegatedCredential));

        Assert.Equal([".spec.secret.name: is required but nullable"], problems);
    }
}
