using Microsoft.Extensions.Time.Testing;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Watch deadlines and bookmarks on a fake clock (W5, W7).</summary>
public sealed class WatchTimingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private KubeApiEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { TimeProvider = _time, BookmarkInterval = TimeSpan.FromMinutes(1) });
        _http = _emulator.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>
    /// Advances the clock once the watch is registered. The emulator takes a watch's deadline and bookmark times
    /// before it counts the watch, so an advance made as soon as the count rises is never lost.
    /// </summary>
    private async Task AdvanceWhenWatchingAsync(TimeSpan by)
    {
        await Eventually.TrueAsync(() => _emulator.Faults.ActiveWatchCount > 0, "watch registered", TimeSpan.FromSeconds(5));
        _time.Advance(by);
    }

    [Fact]
    public async Task W5_BookmarksAllowed_ArriveEachIntervalWithCurrentRevision()
    {
        var listed = await ListRevisionAsync("/api/v1/namespaces/default/secrets");
        await using var watch = await WatchConnection.OpenAsync(_http, "/api/v1/namespaces/default/secrets?watch=true&resourceVersion=1&allowWatchBookmarks=true&timeoutSeconds=3600");

        await AdvanceWhenWatchingAsync(TimeSpan.FromSeconds(61));
        var bookmark = await watch.NextAsync();

        Assert.Equal("BOOKMARK", bookmark!["type"]!.GetValue<string>());
        Assert.Equal("Secret", bookmark["object"]!["kind"]!.GetValue<string>());
        Assert.NotNull(bookmark["object"]!["metadata"]!["resourceVersion"]);
        Assert.Equal(listed, bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task W5_BookmarkAfterAnEvent_CarriesTheLastDeliveredEventsRevision()
    {
        await using var watch = await WatchConnection.OpenAsync(_http, $"/api/v1/namespaces/default/secrets?watch=true&resourceVersion={await ListRevisionAsync("/api/v1/namespaces/default/secrets")}&allowWatchBookmarks=true&timeoutSeconds=3600");
        // Subscribed (and so past its start revision) before anything is written.
        await Eventually.TrueAsync(() => _emulator.Faults.ActiveWatchCount > 0, "watch registered", TimeSpan.FromSeconds(5));
        var (created, _) = await PostAsync("/api/v1/namespaces/default/secrets", """{"metadata":{"name":"before-bookmark"}}""");
        var added = await watch.NextAsync();
        // A write this watch does not see: the store's revision moves past the last delivered event.
        var (otherWrite, _) = await PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"unseen-by-secret-watch"}}""");

        await AdvanceWhenWatchingAsync(TimeSpan.FromSeconds(61));
        var bookmark = await watch.NextAsync();

        Assert.Equal((201, 201), (created, otherWrite));
        Assert.Equal("ADDED", added!["type"]!.GetValue<string>());
        Assert.Equal("BOOKMARK", bookmark!["type"]!.GetValue<string>());
        Assert.Equal(added["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task W5_BookmarkArrivesAboutTwoSecondsBeforeDeadline()
    {
        await using var watch = await WatchConnection.OpenAsync(_http, "/api/v1/namespaces/default/secrets?watch=true&resourceVersion=1&allowWatchBookmarks=true&timeoutSeconds=10");

        await AdvanceWhenWatchingAsync(TimeSpan.FromSeconds(8));
        var bookmark = await watch.NextAsync();

        Assert.Equal("BOOKMARK", bookmark!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task W5_BookmarksNotAllowed_NoBookmarkBeforeTimeout()
    {
        await using var watch = await WatchConnection.OpenAsync(_http, "/api/v1/namespaces/default/secrets?watch=true&resourceVersion=1&timeoutSeconds=120");

        await AdvanceWhenWatchingAsync(TimeSpan.FromSeconds(121));

        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task W7_TimeoutSeconds_EndsStreamCleanlyWithoutFinalEvent()
    {
        await using var watch = await WatchConnection.OpenAsync(_http, "/api/v1/namespaces/default/serviceaccounts?watch=true&timeoutSeconds=5");
        var added = await watch.NextEventAsync();

        await AdvanceWhenWatchingAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("ADDED", added.Type);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task M1_CreationTimestamp_ComesFromTheEmulatorClock()
    {
        var (created, text) = await PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"clock"}}""");

        Assert.Equal(201, created);
        Assert.Contains("\"creationTimestamp\":\"2024-05-01T12:00:00Z\"", text, StringComparison.Ordinal);
    }

    private async Task<string> ListRevisionAsync(string path)
    {
        var list = System.Text.Json.Nodes.JsonNode.Parse(await _http.GetStringAsync(path, TestContext.Current.CancellationToken))!;
        return list["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private async Task<(int Code, string Text)> PostAsync(string path, string body)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
