namespace Operator.Testing.Tests.KubeApi;

/// <summary>Patch media types and algorithms (A1–A6).</summary>
public sealed class PatchTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string JsonPatch = "application/json-patch+json";
    private const string MergePatch = "application/merge-patch+json";
    private const string StrategicPatch = "application/strategic-merge-patch+json";
    private const string ApplyPatch = "application/apply-patch+yaml";

    private async Task<string> SecretWithFinalizersAsync()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s","finalizers":["a.io/one","b.io/two"]}}""");
        return ns;
    }

    [Fact]
    public async Task A1_StrategicMergePatchOnCustomResource_Is415ListingAcceptedTypes()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns), """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}""");

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Patch, TestCrds.WidgetPath(ns, "w1"), "{}", StrategicPatch);

        Assert.Equal(415, code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A2_MergePatchNullFinalizers_ClearsList()
    {
        var ns = await SecretWithFinalizersAsync();

        var (_, patched, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s", """{"metadata":{"finalizers":null}}""", MergePatch);

        Assert.Null(patched!["metadata"]!["finalizers"]);
    }

    [Fact]
    public async Task A3_JsonPatchWithPassingTest_RemovesFinalizer()
    {
        var ns = await SecretWithFinalizersAsync();
        var (_, current, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/s");
        var rv = current!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var (code, patched, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s",
            $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{rv}}"},{"op":"remove","path":"/metadata/finalizers/0"}]""", JsonPatch);

        Assert.Equal(200, code);
        Assert.Equal(["b.io/two"], patched!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task A3_JsonPatchWithFailingTest_Is422WithGenericMessage()
    {
        var ns = await SecretWithFinalizersAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s",
            """[{"op":"test","path":"/metadata/resourceVersion","value":"1"}]""", JsonPatch);

        Assert.Equal(422, code);
        Assert.Equal("the server rejected our request due to an error in our request", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A3_JsonPatchTestForNullOnAbsentKey_Passes()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s"}}""");

        var (code, patched, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s",
            """[{"op":"test","path":"/metadata/finalizers","value":null},{"op":"add","path":"/metadata/finalizers","value":["a.io/one"]}]""", JsonPatch);

        Assert.Equal(200, code);
        Assert.Equal(["a.io/one"], patched!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task A3_JsonPatchTestUnderAbsentParent_Is422()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s"}}""");

        var (code, _, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s",
            """[{"op":"test","path":"/spec/missing/leaf","value":null}]""", JsonPatch);

        Assert.Equal(422, code);
    }

    [Fact]
    public async Task A4_StrategicMergePatch_UnionsFinalizersAndDeletesFromPrimitiveList()
    {
        var ns = await SecretWithFinalizersAsync();

        var (_, added, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s", """{"metadata":{"finalizers":["c.io/three"]}}""", StrategicPatch);
        var (_, removed, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/s",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.io/one"]}}""", StrategicPatch);

        Assert.Equal(["a.io/one", "b.io/two", "c.io/three"], added!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["b.io/two", "c.io/three"], removed!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task A4_StrategicMergePatchOnDeployment_MergesContainersByNameAndBumpsGeneration()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", """
            {"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},
             "spec":{"containers":[{"name":"app","image":"a:1","env":[{"name":"X","value":"1"}]},{"name":"side","image":"s:1"}]}}}}
            """);

        var (_, patched, _) = await fixture.CallAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/d", """
            {"spec":{"template":{"metadata":{"annotations":{"restartedAt":"now"}},"spec":{"containers":[{"name":"app","env":[{"name":"Y","value":"2"}]}]}}}}
            """, StrategicPatch);

        var containers = patched!["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("a:1", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal(["X", "Y"], containers[0]!["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(2, patched["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A5_ApplyWithoutFieldManager_Is422_AndApplyCreatesWith201()
    {
        var ns = await fixture.NewNamespaceAsync();
        const string config = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\nstringData:\n  k: v\n";

        var (noManager, body, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/applied", config, ApplyPatch);
        var (created, secret, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/applied?fieldManager=test", config, ApplyPatch);

        Assert.Equal(422, noManager);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", body!["message"]!.GetValue<string>());
        Assert.Equal(201, created);
        Assert.Equal("dg==", secret!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task A6_PatchOfMissingObject_Is404()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, _, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/none", "{}", MergePatch);

        Assert.Equal(404, code);
    }
}
