namespace Operator.Testing.Tests.KubeApi;

/// <summary>Watch semantics on the wire (W1–W4, W6, W8, C4), read line by line with a raw HttpClient.</summary>
public sealed class WatchTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string MergePatch = "application/merge-patch+json";

    private Task<WatchConnection> WatchAsync(string ns, string query = "", Version? version = null) =>
        WatchConnection.OpenAsync(fixture.Http, $"/api/v1/namespaces/{ns}/secrets?watch=true{query}", version);

    [Fact]
    public async Task W1_WatchOverHttp11_IsChunkedJsonWithOneEventPerLine()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");

        await using var watch = await WatchAsync(ns, version: System.Net.HttpVersion.Version11);
        var first = await watch.NextAsync();

        Assert.Equal(200, (int)watch.Response.StatusCode);
        Assert.Equal("application/json", watch.Response.Content.Headers.ContentType!.MediaType);
        Assert.True(watch.Response.Headers.TransferEncodingChunked);
        Assert.Equal("ADDED", first!["type"]!.GetValue<string>());
        Assert.Equal("Secret", first["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("v1", first["object"]!["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task W2_SelectorTransitions_AreAddedAndDeleted()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        await using var watch = await WatchAsync(ns, "&labelSelector=pick%3Dyes");

        await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"labels":{"pick":"yes"}}}""", MergePatch);
        var (_, labelled, _) = await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"labels":{"pick":"no"}}}""", MergePatch);
        var added = await watch.NextEventAsync();
        var deleted = await watch.NextAsync();

        Assert.Equal(("ADDED", "a"), added);
        Assert.Equal("DELETED", deleted!["type"]!.GetValue<string>());
        Assert.Equal("yes", deleted["object"]!["metadata"]!["labels"]!["pick"]!.GetValue<string>());
        Assert.Equal(labelled!["metadata"]!["resourceVersion"]!.GetValue<string>(), deleted["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task W2_DeletedAfterFinalizerRemoval_CarriesLastStoredState()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, created, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a","finalizers":["x.io/f"]}}""");
        await using var watch = await WatchAsync(ns, $"&resourceVersion={created!["metadata"]!["resourceVersion"]}");

        await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/a");
        await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/a", """{"metadata":{"finalizers":null}}""", MergePatch);
        var modified = await watch.NextEventAsync();
        var deleted = await watch.NextAsync();

        Assert.Equal(("MODIFIED", "a"), modified);
        Assert.Equal("DELETED", deleted!["type"]!.GetValue<string>());
        Assert.Equal("x.io/f", deleted["object"]!["metadata"]!["finalizers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task W3_WatchWithoutResourceVersion_StartsWithSyntheticAdded()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b"}}""");

        await using var watch = await WatchAsync(ns);

        Assert.Equal(("ADDED", "a"), await watch.NextEventAsync());
        Assert.Equal(("ADDED", "b"), await watch.NextEventAsync());
    }

    [Fact]
    public async Task W3_WatchFromRevision_SendsOnlyLaterChanges()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, a, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b"}}""");

        await using var watch = await WatchAsync(ns, $"&resourceVersion={a!["metadata"]!["resourceVersion"]}");

        Assert.Equal(("ADDED", "b"), await watch.NextEventAsync());
    }

    [Fact]
    public async Task W4_TooOldResourceVersion_Is200WithOneErrorEventThenEnd()
    {
        await using var emulator = await KubeApiEmulatorFactory.StartSmallHistoryAsync(2);
        using var http = emulator.CreateHttpClient();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await http.PostAsync("/api/v1/namespaces/default/secrets",
                new StringContent("""{"metadata":{"name":"NAME"}}""".Replace("NAME", name, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
        }

        await using var watch = await WatchConnection.OpenAsync(http, "/api/v1/namespaces/default/secrets?watch=true&resourceVersion=2");
        var error = await watch.NextAsync();

        Assert.Equal(200, (int)watch.Response.StatusCode);
        Assert.Equal("ERROR", error!["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("too old resource version: 2 (", error["object"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task W6_SendInitialEvents_EndsInitialStateWithAnnotatedBookmark()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");

        await using var watch = await WatchAsync(ns, "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        var added = await watch.NextEventAsync();
        var bookmark = await watch.NextAsync();

        Assert.Equal(("ADDED", "a"), added);
        Assert.Equal("BOOKMARK", bookmark!["type"]!.GetValue<string>());
        Assert.Equal("true", bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task W6_SendInitialEventsWithoutNotOlderThan_Is422()
    {
        var (code, _, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets?watch=true&sendInitialEvents=true");

        Assert.Equal(422, code);
    }

    [Fact]
    public async Task W8_SingleObjectWatch_ByFieldSelector_SeesOnlyThatObject()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (_, list, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets");
        await using var watch = await WatchAsync(ns, $"&fieldSelector=metadata.name%3Db&resourceVersion={list!["metadata"]!["resourceVersion"]}");

        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b"}}""");

        Assert.Equal(("ADDED", "b"), await watch.NextEventAsync());
    }

    [Fact]
    public async Task C4_WatchWithNoEvents_SendsHeadersButNoLine()
    {
        var ns = await fixture.NewNamespaceAsync();
        await using var watch = await WatchAsync(ns);

        var read = watch.NextAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal(200, (int)watch.Response.StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }
}
