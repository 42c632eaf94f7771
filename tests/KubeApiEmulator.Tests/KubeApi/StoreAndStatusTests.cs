using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Revisions, no-op writes, update preconditions and Status bodies (R1–R5, S1, S2).</summary>
public sealed class StoreAndStatusTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly HttpMethod s_patch = HttpMethod.Patch;

    [Fact]
    public async Task R1_EveryWriteAcrossKinds_GetsAHigherRevisionAsDecimalString()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, secret, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        var (_, cm, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"b"}}""");
        var (_, patched, _) = await fixture.CallAsync(s_patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"labels":{"x":"y"}}}""",
            "application/merge-patch+json");

        var revisions = new[] { secret, cm, patched }.Select(o => long.Parse(o!["metadata"]!["resourceVersion"]!.GetValue<string>())).ToList();

        Assert.True(revisions[0] < revisions[1] && revisions[1] < revisions[2]);
    }

    [Fact]
    public async Task R2_EmptyList_HasEmptyItemsArrayAndCurrentRevision_AndCoreItemsOmitTypeMeta()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, empty, text) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        var (_, one, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets");

        Assert.Contains("\"items\":[]", text, StringComparison.Ordinal);
        Assert.Equal("SecretList", empty!["kind"]!.GetValue<string>());
        Assert.Null(one!["items"]![0]!["kind"]);
        Assert.Null(one["items"]![0]!["apiVersion"]);
    }

    [Fact]
    public async Task R3_IdenticalWrite_IsNoOp()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, created, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a","labels":{"k":"v"}}}""");

        var (code, again, _) = await fixture.CallAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/secrets/a", created!.ToJsonString());
        var (_, patched, _) = await fixture.CallAsync(s_patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"labels":{"k":"v"}}}""",
            "application/merge-patch+json");

        Assert.Equal(200, code);
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), again!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), patched!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task R4_CustomResourcePutWithoutResourceVersion_Is422()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns), """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}""");

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Put, TestCrds.WidgetPath(ns, "w1"),
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"a":1}}""");

        Assert.Equal(422, code);
        Assert.Equal("Widget.example.com \"w1\" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update",
            body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task R4_LeasePutOfMissingObject_CreatesIt()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, _, _) = await fixture.CallAsync(HttpMethod.Put, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/l1",
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l1"},"spec":{"holderIdentity":"a"}}""");
        var (secretCode, _, _) = await fixture.CallAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/secrets/s1", """{"metadata":{"name":"s1"}}""");

        Assert.Equal(201, code);
        Assert.Equal(404, secretCode);
    }

    [Fact]
    public async Task R4_PutWithDifferentUid_IsPreconditionConflict()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"name":"a","uid":"other"}}""");

        Assert.Equal(409, code);
        Assert.Contains("Precondition failed: UID in precondition: other", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R4_PatchCarryingStaleResourceVersion_Conflicts()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");

        var (code, body, _) = await fixture.CallAsync(s_patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"resourceVersion":"1"}}""",
            "application/merge-patch+json");

        Assert.Equal(409, code);
        Assert.Equal("Conflict", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task R5_ResourceVersionMatchWithoutResourceVersion_Is422()
    {
        var (code, body, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets?resourceVersionMatch=NotOlderThan");

        Assert.Equal(422, code);
        Assert.StartsWith("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R5_ExactListAtOldRevision_ShowsStateOfThatRevision()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, first, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b"}}""");
        var rv = first!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var (_, list, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?resourceVersion={rv}&resourceVersionMatch=Exact");

        Assert.Equal(rv, list!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task S1_AlreadyExists_HasGoKeyOrderAndPluralDetailsKind()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();
        const string widget = """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}""";
        await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns), widget);

        var (code, _, text) = await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns), widget);

        Assert.Equal(409, code);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"widgets.example.com \"w1\" already exists","reason":"AlreadyExists","details":{"name":"w1","group":"example.com","kind":"widgets"},"code":409}""", text);
    }

    [Fact]
    public async Task S2_InvalidName_Is422WithKindInDetails()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"Bad_Name"}}""");

        Assert.Equal(422, code);
        Assert.Equal("Secret", body!["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("metadata.name", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.StartsWith("Secret \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain",
            body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S2_UnsupportedPatchType_Is415()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");

        var (code, body, _) = await fixture.CallAsync(s_patch, $"/api/v1/namespaces/{ns}/secrets/a", "{}", "application/json");

        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task C1_ContentTypeParameters_AreIgnoredForMatching()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""", "application/json; charset=utf-8");

        var (code, _, _) = await fixture.CallAsync(s_patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"labels":{"a":"b"}}}""",
            "application/merge-patch+json; charset=utf-8");

        Assert.Equal(200, code);
    }

    internal static JsonNode? Metadata(JsonNode? obj) => obj?["metadata"];
}
