namespace Operator.Testing.Tests.KubeApi;

/// <summary>CRDs used by the emulator tests.</summary>
internal static class TestCrds
{
    /// <summary>widgets.example.com, namespaced, v1 with the status subresource and selectable field spec.color.</summary>
    public const string Widgets = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
           "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList","shortNames":["wd"]},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
             "selectableFields":[{"jsonPath":".spec.color"}],
             "subresources":{"status":{}}}]}}
        """;

    /// <summary>gadgets.example.org, cluster-scoped, no status subresource.</summary>
    public const string Gadgets = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gadgets.example.org"},
         "spec":{"group":"example.org","scope":"Cluster",
           "names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """;

    public static async Task EnsureAsync(EmulatorFixture fixture, string crd)
    {
        var (code, _, text) = await fixture.CallAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.True(code is 201 or 409, text);
    }

    public static string WidgetPath(string ns, string? name = null) =>
        $"/apis/example.com/v1/namespaces/{ns}/widgets" + (name is null ? "" : $"/{name}");
}
