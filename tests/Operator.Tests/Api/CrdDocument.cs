using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Tests.Api;

/// <summary>The repository's DelegatedCredential CRD, parsed once per test run.</summary>
internal static class CrdDocument
{
    public static JsonObject Crd { get; } = Object(RepositoryFiles.CrdPath);

    public static JsonObject Version => (JsonObject)Crd["spec"]!["versions"]![0]!;

    public static JsonObject OpenApiV3Schema => (JsonObject)Version["schema"]!["openAPIV3Schema"]!;

    /// <summary>A fresh admission schema (Admit may keep no state, but the schema object is shared).</summary>
    public static CrdSchema Schema() => CrdSchema.Parse((JsonObject)OpenApiV3Schema.DeepClone());

    public static JsonObject Sample(string relativePath) => Object(relativePath);

    /// <summary>A one-document YAML file as the JSON kubectl would send, read by the API emulator's YAML rules.</summary>
    private static JsonObject Object(string relativePath) =>
        YamlToJson.Documents(RepositoryFiles.Read(relativePath)) is [JsonObject single] ? single
            : throw new InvalidDataException($"{relativePath} is not one YAML mapping.");

    /// <summary>
    /// Admits the object as the API server receives it: as JSON text, parsed again (so numbers are
    /// JSON numbers, not the CLR values a test wrote). Returns the outcome and the admitted object.
    /// </summary>
    public static (SchemaOutcome Outcome, JsonObject Admitted) Admit(JsonObject obj, bool statusOnly = false)
    {
        var wire = JsonNode.Parse(obj.ToJsonString())!.AsObject();
        var outcome = Schema().Admit(wire, null, statusOnly);
        return (outcome, wire);
    }
}
