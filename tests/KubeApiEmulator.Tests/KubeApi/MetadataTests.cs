using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Server-set metadata, immutables, generation and the status subresource (M1–M6).</summary>
public sealed class MetadataTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string MergePatch = "application/merge-patch+json";

    private async Task<(string Ns, JsonNode Widget)> CreateWidgetAsync(string extra = "")
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();
        var (code, widget, text) = await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns),
            $$$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":1}{{{extra}}}}""");
        Assert.True(code == 201, text);
        return (ns, widget!);
    }

    [Fact]
    public async Task M1_Create_SetsUidTimestampGenerationAndDropsClientValues()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();

        var (_, widget, _) = await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns),
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","uid":"mine","generation":7,"deletionTimestamp":"2020-01-01T00:00:00Z"}}""");

        var metadata = widget!["metadata"]!;
        Assert.NotEqual("mine", metadata["uid"]!.GetValue<string>());
        Assert.Equal(1, metadata["generation"]!.GetValue<long>());
        Assert.Null(metadata["deletionTimestamp"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", metadata["creationTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task M1_GenerateName_AppendsFiveCharacters_AndSecretsHaveNoGeneration()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (_, secret, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"generateName":"tok-"}}""");

        Assert.Matches("^tok-[a-z0-9]{5}$", secret!["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(secret["metadata"]!["generation"]);
    }

    [Fact]
    public async Task M1_BodyNamespaceDifferentFromUrl_Is400()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a","namespace":"other"}}""");

        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task M2_StringData_IsMergedIntoBase64DataAndNotReturned()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (_, secret, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            """{"metadata":{"name":"a"},"data":{"k":"b2xk","keep":"eA=="},"stringData":{"k":"new"}}""");

        Assert.Equal("Opaque", secret!["type"]!.GetValue<string>());
        Assert.Equal("bmV3", secret["data"]!["k"]!.GetValue<string>());
        Assert.Equal("eA==", secret["data"]!["keep"]!.GetValue<string>());
        Assert.Null(secret["stringData"]);
    }

    [Fact]
    public async Task M3_UpdateCannotChangeUidOrCreationTimestamp_AndGenerationIsServerOwned()
    {
        var (ns, widget) = await CreateWidgetAsync();
        var update = widget.DeepClone();
        update["metadata"]!["creationTimestamp"] = "2001-01-01T00:00:00Z";
        update["metadata"]!["generation"] = 42;

        var (_, updated, _) = await fixture.CallAsync(HttpMethod.Put, TestCrds.WidgetPath(ns, "w1"), update.ToJsonString());

        Assert.Equal(widget["metadata"]!["creationTimestamp"]!.GetValue<string>(), updated!["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(1, updated["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task M4_SpecChange_BumpsGeneration_MetadataChangeDoesNot()
    {
        var (ns, _) = await CreateWidgetAsync();

        var (_, labelled, _) = await fixture.CallAsync(HttpMethod.Patch, TestCrds.WidgetPath(ns, "w1"), """{"metadata":{"labels":{"a":"b"}}}""", MergePatch);
        var (_, resized, _) = await fixture.CallAsync(HttpMethod.Patch, TestCrds.WidgetPath(ns, "w1"), """{"spec":{"size":2}}""", MergePatch);

        Assert.Equal(1, labelled!["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, resized!["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task M4_MainResourceWrite_IgnoresStatusWhenSubresourceExists()
    {
        var (ns, _) = await CreateWidgetAsync(""","status":{"phase":"Set"}""");

        var (_, patched, _) = await fixture.CallAsync(HttpMethod.Patch, TestCrds.WidgetPath(ns, "w1"), """{"status":{"phase":"Other"}}""", MergePatch);

        Assert.Null(patched!["status"]);
        Assert.Equal(1, patched["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task M5_StatusWrite_ChangesOnlyStatus()
    {
        var (ns, _) = await CreateWidgetAsync();

        var (code, patched, text) = await fixture.CallAsync(HttpMethod.Patch, TestCrds.WidgetPath(ns, "w1") + "/status",
            """{"status":{"phase":"Ready"},"spec":{"size":9},"metadata":{"labels":{"x":"y"}}}""", MergePatch);

        Assert.True(code == 200, text);
        Assert.Equal("Ready", patched!["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(1, patched["spec"]!["size"]!.GetValue<int>());
        Assert.Null(patched["metadata"]!["labels"]);
        Assert.Equal(1, patched["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task M5_StatusPutWithStaleResourceVersion_Conflicts()
    {
        var (ns, widget) = await CreateWidgetAsync();
        await fixture.CallAsync(HttpMethod.Patch, TestCrds.WidgetPath(ns, "w1"), """{"spec":{"size":3}}""", MergePatch);
        var stale = widget.DeepClone();
        stale["status"] = new JsonObject { ["phase"] = "X" };

        var (code, _, _) = await fixture.CallAsync(HttpMethod.Put, TestCrds.WidgetPath(ns, "w1") + "/status", stale.ToJsonString());

        Assert.Equal(409, code);
    }

    [Fact]
    public async Task M6_InvalidLabelValue_Is422()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            """{"metadata":{"name":"a","labels":{"ok":"-bad"}}}""");

        Assert.Equal(422, code);
        Assert.Equal("metadata.labels", body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task M6_OversizedAnnotations_Are422()
    {
        var ns = await fixture.NewNamespaceAsync();
        var big = new string('x', 256 * 1024 + 1);

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            """{"metadata":{"name":"a","annotations":{"k":"BIG"}}}""".Replace("BIG", big, StringComparison.Ordinal));

        Assert.Equal(422, code);
        Assert.Equal("FieldValueTooLong", body!["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Crd_IsEstablishedAndNamesAccepted_AndDeletingItUnregistersTheResource()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Gadgets);
        var (_, crd, _) = await fixture.CallAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org");
        var (created, _, _) = await fixture.CallAsync(HttpMethod.Post, "/apis/example.org/v1/gadgets", """{"apiVersion":"example.org/v1","kind":"Gadget","metadata":{"name":"g1"}}""");

        await fixture.CallAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org");
        await Eventually.TrueAsync(async () => (await fixture.CallAsync(HttpMethod.Get, "/apis/example.org/v1/gadgets")).Code == 404, "gadgets served no more",
            TimeSpan.FromSeconds(5));

        var conditions = crd!["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "True");
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "NamesAccepted" && c["status"]!.GetValue<string>() == "True");
        Assert.Equal(201, created);
    }

    [Fact]
    public async Task Crd_Deletion_EndsOpenWatchesOfItsResource()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Gadgets.Replace("gadget", "sprocket", StringComparison.Ordinal).Replace("Gadget", "Sprocket", StringComparison.Ordinal));
        await fixture.CallAsync(HttpMethod.Post, "/apis/example.org/v1/sprockets", """{"apiVersion":"example.org/v1","kind":"Sprocket","metadata":{"name":"s1"}}""");
        await using var watch = await WatchConnection.OpenAsync(fixture.Http, "/apis/example.org/v1/sprockets?watch=true");
        await watch.NextAsync();

        await fixture.CallAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/sprockets.example.org");

        while (await watch.NextAsync() is { } e)
        {
            Assert.Equal("DELETED", e["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Crd_ClusterScopedResource_AtNamespacedPath_IsPlain404()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);

        using var response = await fixture.SendAsync(HttpMethod.Get, "/apis/example.com/v1/widgets/w1");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("404 page not found\n", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
