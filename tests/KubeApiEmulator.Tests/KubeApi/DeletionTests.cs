using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Finalizers, DeleteOptions, propagation and garbage collection (D1–D6).</summary>
public sealed class DeletionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string MergePatch = "application/merge-patch+json";

    private async Task<JsonNode> CreateSecretAsync(string ns, string name, string metadataExtra = "")
    {
        var (code, secret, text) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            $$$"""{"metadata":{"name":"{{{name}}}"{{{metadataExtra}}}}}""");
        Assert.True(code == 201, text);
        return secret!;
    }

    private Task GoneAsync(string path) =>
        Eventually.TrueAsync(async () => (await fixture.CallAsync(HttpMethod.Get, path)).Code == 404, $"{path} gone", TimeSpan.FromSeconds(5));

    private static string OwnerRef(JsonNode owner, bool blockOwnerDeletion = false) =>
        $$"""{"apiVersion":"v1","kind":"Secret","name":"{{owner["metadata"]!["name"]}}","uid":"{{owner["metadata"]!["uid"]}}","blockOwnerDeletion":{{(blockOwnerDeletion ? "true" : "false")}}}""";

    [Fact]
    public async Task D1_DeleteWithoutFinalizers_ReturnsSuccessStatusWithUid()
    {
        var ns = await fixture.NewNamespaceAsync();
        var secret = await CreateSecretAsync(ns, "a");

        var (code, status, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/a");

        Assert.Equal(200, code);
        Assert.Equal("Success", status!["status"]!.GetValue<string>());
        Assert.Equal("secrets", status["details"]!["kind"]!.GetValue<string>());
        Assert.Equal(secret["metadata"]!["uid"]!.GetValue<string>(), status["details"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task D2_DeleteWithFinalizer_MarksForDeletion_AndRemovingFinalizerDeletes()
    {
        var ns = await fixture.NewNamespaceAsync();
        await CreateSecretAsync(ns, "a", ""","finalizers":["x.io/keep"]""");

        var (code, marked, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/a");
        var (addCode, _, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/a",
            """{"metadata":{"finalizers":["x.io/keep","x.io/new"]}}""", MergePatch);
        var (removeCode, _, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/a",
            """{"metadata":{"finalizers":null}}""", MergePatch);
        var (getCode, _, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/a");

        Assert.Equal(200, code);
        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, marked["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal(422, addCode);
        Assert.Equal(200, removeCode);
        Assert.Equal(404, getCode);
    }

    [Fact]
    public async Task D3_BadPropagationPolicy_Is422_AndStalePrecondition_Is409()
    {
        var ns = await fixture.NewNamespaceAsync();
        await CreateSecretAsync(ns, "a");

        var (badPolicy, _, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/a",
            """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Sometimes"}""");
        var (stale, body, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/a",
            """{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"1"}}""");

        Assert.Equal(422, badPolicy);
        Assert.Equal(409, stale);
        Assert.Contains("the ResourceVersion in the precondition (1) does not match the ResourceVersion in record", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task D4_ForegroundDeletion_WaitsForBlockingDependentsThenGoes()
    {
        var ns = await fixture.NewNamespaceAsync();
        var owner = await CreateSecretAsync(ns, "owner");
        await CreateSecretAsync(ns, "dep", $$$""","ownerReferences":[{{{OwnerRef(owner, blockOwnerDeletion: true)}}}]""");

        var (_, marked, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/owner?propagationPolicy=Foreground");

        Assert.Contains("foregroundDeletion", marked!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        await GoneAsync($"/api/v1/namespaces/{ns}/secrets/dep");
        await GoneAsync($"/api/v1/namespaces/{ns}/secrets/owner");
    }

    [Fact]
    public async Task D4_OrphanDeletion_StripsOwnerReferencesAndKeepsDependent()
    {
        var ns = await fixture.NewNamespaceAsync();
        var owner = await CreateSecretAsync(ns, "owner");
        await CreateSecretAsync(ns, "dep", $$$""","ownerReferences":[{{{OwnerRef(owner)}}}]""");

        await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/owner?propagationPolicy=Orphan");

        await GoneAsync($"/api/v1/namespaces/{ns}/secrets/owner");
        var (code, dep, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/dep");
        Assert.Equal(200, code);
        Assert.Null(dep!["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task D5_BackgroundGc_DeletesDependentWhoseOwnerIsGone()
    {
        var ns = await fixture.NewNamespaceAsync();
        var owner = await CreateSecretAsync(ns, "owner");
        await CreateSecretAsync(ns, "dep", $$$""","ownerReferences":[{{{OwnerRef(owner)}}}]""");

        await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/owner");

        await GoneAsync($"/api/v1/namespaces/{ns}/secrets/dep");
    }

    [Fact]
    public async Task D5_OwnerWithDifferentUid_CountsAsAbsent_OnlyThatReferenceIsDropped()
    {
        var ns = await fixture.NewNamespaceAsync();
        var owner = await CreateSecretAsync(ns, "owner");
        var stale = owner.DeepClone();
        stale["metadata"]!["uid"] = Guid.NewGuid().ToString();
        stale["metadata"]!["name"] = "owner";
        await CreateSecretAsync(ns, "dep", $$$""","ownerReferences":[{{{OwnerRef(owner)}}},{{{OwnerRef(stale)}}}]""");

        await Eventually.TrueAsync(async () =>
            (await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/dep")).Body?["metadata"]?["ownerReferences"]?.AsArray().Count == 1,
            "the stale ownerReference dropped", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task D5_DependentCreatedWhileItsOwnerIsDeletedInTheForeground_IsDeletedToo()
    {
        // A write of an owned object starts a pass only when one of its owners is absent or being deleted
        // (Gc/GarbageCollector.OwnersAllLive). Here the owner exists but is in foreground deletion, held there by a
        // blocking dependent that a finalizer keeps: a dependent created now must be deleted by the pass it starts.
        var ns = await fixture.NewNamespaceAsync();
        var owner = await CreateSecretAsync(ns, "owner");
        await CreateSecretAsync(ns, "held", $$$""","finalizers":["example.com/hold"],"ownerReferences":[{{{OwnerRef(owner, blockOwnerDeletion: true)}}}]""");
        await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/owner?propagationPolicy=Foreground");
        await Eventually.TrueAsync(async () =>
            (await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/held")).Body?["metadata"]?["deletionTimestamp"] is not null,
            "the held dependent marked for deletion", TimeSpan.FromSeconds(5));

        await CreateSecretAsync(ns, "late", $$$""","ownerReferences":[{{{OwnerRef(owner)}}}]""");

        await GoneAsync($"/api/v1/namespaces/{ns}/secrets/late");
        Assert.Equal(200, (await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/owner")).Code);
    }

    [Fact]
    public async Task D5_DependentCreatedForAnOwnerThatNeverExisted_IsCollected()
    {
        var ns = await fixture.NewNamespaceAsync();
        var owner = await CreateSecretAsync(ns, "real");
        var missing = owner.DeepClone();
        missing["metadata"]!["name"] = "never-created";
        missing["metadata"]!["uid"] = Guid.NewGuid().ToString();

        await CreateSecretAsync(ns, "dep", $$$""","ownerReferences":[{{{OwnerRef(missing)}}}]""");

        await GoneAsync($"/api/v1/namespaces/{ns}/secrets/dep");
    }

    [Fact]
    public async Task D6_OwnerReferenceWithoutUid_AndTwoControllers_Are422()
    {
        var ns = await fixture.NewNamespaceAsync();

        var (noUid, _, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            """{"metadata":{"name":"a","ownerReferences":[{"apiVersion":"v1","kind":"Secret","name":"o"}]}}""");
        var (twoControllers, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            """{"metadata":{"name":"a","ownerReferences":[{"apiVersion":"v1","kind":"Secret","name":"o","uid":"1","controller":true},{"apiVersion":"v1","kind":"Secret","name":"p","uid":"2","controller":true}]}}""");

        Assert.Equal(422, noUid);
        Assert.Equal(422, twoControllers);
        Assert.Contains("Only one reference can have Controller set to true", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamespaceDeletion_IsTerminatingThenRemovedWithItsContents()
    {
        var ns = await fixture.NewNamespaceAsync();
        await CreateSecretAsync(ns, "a");

        var (_, terminating, _) = await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}");

        Assert.Equal("Terminating", terminating!["status"]!["phase"]!.GetValue<string>());
        await GoneAsync($"/api/v1/namespaces/{ns}");
        Assert.Equal(404, (await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/a")).Code);
    }
}
