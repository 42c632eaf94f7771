using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>
/// K1–K4 through the emulator's HTTP API: a CRD's structural schema prunes, defaults and validates custom
/// resources on write, and its CEL rules reject what the schema cannot express.
/// </summary>
public sealed class AdmissionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Gizmos = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gizmos.example.net"},
         "spec":{"group":"example.net","scope":"Namespaced",
           "names":{"plural":"gizmos","singular":"gizmo","kind":"Gizmo"},
           "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","required":["replicas"],
                 "x-kubernetes-validations":[{"rule":"self.replicas <= self.maxReplicas","message":"replicas should be smaller than or equal to maxReplicas."}],
                 "properties":{
                   "replicas":{"type":"integer","maximum":10},
                   "maxReplicas":{"type":"integer","default":5},
                   "mode":{"type":"string","enum":["fast","slow"]}}},
               "status":{"type":"object","properties":{"phase":{"type":"string","maxLength":5}}}}}}}]}}
        """;

    private async Task<string> GizmoNamespaceAsync()
    {
        var (code, _, text) = await fixture.CallAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Gizmos);
        Assert.True(code is 201 or 409, text);
        return await fixture.NewNamespaceAsync();
    }

    private static string Gizmo(string spec) =>
        """{"apiVersion":"example.net/v1","kind":"Gizmo","metadata":{"name":"g1"},"spec":{""" + spec + "}}";

    private static string Path(string ns, string suffix = "") => $"/apis/example.net/v1/namespaces/{ns}/gizmos{suffix}";

    [Fact]
    public async Task K1_UnknownField_IsPrunedWithAWarning()
    {
        var ns = await GizmoNamespaceAsync();

        var response = await fixture.SendAsync(HttpMethod.Post, Path(ns), Gizmo("\"replicas\":1,\"colour\":\"red\""));
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Null(created["spec"]!["colour"]);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"spec.colour\\\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task K1_UnknownFieldUnderStrictValidation_Is400()
    {
        var ns = await GizmoNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, Path(ns) + "?fieldValidation=Strict", Gizmo("\"replicas\":1,\"colour\":\"red\""));

        Assert.Equal(400, code);
        Assert.Contains("unknown field \"spec.colour\"", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task K2_Default_IsAppliedOnCreate()
    {
        var ns = await GizmoNamespaceAsync();

        var (code, created, _) = await fixture.CallAsync(HttpMethod.Post, Path(ns), Gizmo("\"replicas\":1"));

        Assert.Equal(201, code);
        Assert.Equal(5, created!["spec"]!["maxReplicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task K3_SchemaViolations_Are422WithOneCausePerField()
    {
        var ns = await GizmoNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, Path(ns), Gizmo("\"replicas\":15,\"mode\":\"turbo\""));

        Assert.Equal(422, code);
        Assert.Equal("Invalid", body!["reason"]!.GetValue<string>());
        Assert.Equal("Gizmo", body["details"]!["kind"]!.GetValue<string>());
        var causes = body["details"]!["causes"]!.AsArray().Select(c => (c!["field"]?.GetValue<string>(), c["message"]!.GetValue<string>())).ToList();
        Assert.Contains(("spec.replicas", "Invalid value: 15: spec.replicas in body should be less than or equal to 10"), causes);
        Assert.Contains(causes, c => c.Item1 == "spec.mode" && c.Item2.StartsWith("Unsupported value: \"turbo\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task K4_CelRule_RejectsWithItsMessageAtTheRulePath()
    {
        var ns = await GizmoNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, Path(ns), Gizmo("\"replicas\":8,\"maxReplicas\":4"));

        Assert.Equal(422, code);
        var cause = Assert.Single(body!["details"]!["causes"]!.AsArray());
        Assert.Equal("spec", cause!["field"]!.GetValue<string>());
        Assert.Equal("Invalid value: replicas should be smaller than or equal to maxReplicas.", cause["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task K4_StatusWrite_ValidatesOnlyTheStatus()
    {
        var ns = await GizmoNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, Path(ns), Gizmo("\"replicas\":1"));

        var (ok, _, _) = await fixture.CallAsync(HttpMethod.Patch, Path(ns, "/g1/status"), """{"status":{"phase":"Up"}}""", "application/merge-patch+json");
        var (bad, body, _) = await fixture.CallAsync(HttpMethod.Patch, Path(ns, "/g1/status"), """{"status":{"phase":"Running"}}""", "application/merge-patch+json");

        Assert.Equal(200, ok);
        Assert.Equal(422, bad);
        Assert.Equal("status.phase", body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }
}
