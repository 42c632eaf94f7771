using k8s;
using k8s.Autorest;
using Operator.Testing.KubeApi.Faults;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Injected faults in their real wire forms, in-process and over the control endpoint (F1–F4, C5).</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private readonly EmulatorFixture _fixture = new();

    public ValueTask InitializeAsync() => _fixture.InitializeAsync();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task F1_PlainThrottle_Is429TextWithRetryAfter()
    {
        _fixture.Emulator.Faults.Add(new FaultRule(FaultKind.TooManyRequestsPlain) { Count = 1, Verb = "list", RetryAfterSeconds = 3 });

        using var throttled = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets");
        using var next = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets");

        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal("3", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Equal("Too many requests, please try again later.\n", await throttled.Content.ReadAsStringAsync(Ct));
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Fact]
    public async Task F1_StatusThrottle_SetsRetryAfterSecondsAndHeader()
    {
        _fixture.Emulator.Faults.Add(new FaultRule(FaultKind.TooManyRequestsStatus) { Count = 1, RetryAfterSeconds = 2 });

        var (code, body, _) = await _fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets");

        Assert.Equal(429, code);
        Assert.Equal("TooManyRequests", body!["reason"]!.GetValue<string>());
        Assert.Equal(2, body["details"]!["retryAfterSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task F2_FailNextForOneResourceAndVerb_LeavesOthersAlone()
    {
        _fixture.Emulator.Faults.FailNext(503, count: 1, verb: "create", resource: "secrets");

        var (configMap, _, _) = await _fixture.CallAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"f2"}}""");
        var (failed, body, _) = await _fixture.CallAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"metadata":{"name":"f2"}}""");
        var (retried, _, _) = await _fixture.CallAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"metadata":{"name":"f2"}}""");

        Assert.Equal(201, configMap);
        Assert.Equal(503, failed);
        Assert.Equal("ServiceUnavailable", body!["reason"]!.GetValue<string>());
        Assert.Equal(201, retried);
    }

    [Fact]
    public async Task F2_ErrorsSurfaceInClientAsHttpOperationException()
    {
        _fixture.Emulator.Faults.FailNext(500, verb: "get");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _fixture.Client.CoreV1.ReadNamespaceAsync("default", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Response.StatusCode);
    }

    [Fact]
    public async Task F3_ExpireNextWatch_GivesErrorEventThroughClient()
    {
        _fixture.Emulator.Faults.ExpireNext(1, verb: "watch");
        var errors = new List<Exception>();

        await foreach (var _ in _fixture.Client.CoreV1.WatchListNamespacedSecretAsync("default", onError: errors.Add, cancellationToken: Ct))
        {
        }

        var error = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, error.Status.Code);
    }

    [Fact]
    public async Task F3_ExpireNextList_Is410()
    {
        _fixture.Emulator.Faults.ExpireNext(1, verb: "list", resource: "secrets");

        var (code, _, _) = await _fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets");

        Assert.Equal(410, code);
    }

    [Fact]
    public async Task F3_EndWatchesCleanly_EndsStream()
    {
        await using var watch = await WatchConnection.OpenAsync(_fixture.Http, "/api/v1/namespaces/default/secrets?watch=true");
        await Eventually.TrueAsync(() => _fixture.Emulator.Faults.ActiveWatchCount == 1, "watch registered", TimeSpan.FromSeconds(5));

        var ended = _fixture.Emulator.Faults.EndWatches();

        Assert.Equal(1, ended);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task F3_EndWatchesAbruptly_ResetsStream()
    {
        await _fixture.CallAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"metadata":{"name":"abrupt"}}""");
        await using var watch = await WatchConnection.OpenAsync(_fixture.Http, "/api/v1/namespaces/default/secrets?watch=true");
        await watch.NextAsync();

        _fixture.Emulator.Faults.EndWatches(abrupt: true, resource: "secrets");

        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            while (await watch.NextAsync() is not null)
            {
            }
        });
    }

    [Fact]
    public async Task F3_ControlEndpoint_AddsLatencyAndClears()
    {
        var (added, _, _) = await _fixture.CallAsync(HttpMethod.Post, "/emulator/faults", """{"kind":"Error","statusCode":504,"verb":"get","count":1}""");

        var (failed, body, _) = await _fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default");
        await _fixture.CallAsync(HttpMethod.Post, "/emulator/faults", """{"kind":"Error","statusCode":500}""");
        var (cleared, _, _) = await _fixture.CallAsync(HttpMethod.Delete, "/emulator/faults");
        var (ok, _, _) = await _fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default");

        Assert.Equal(201, added);
        Assert.Equal(504, failed);
        Assert.Equal("Timeout", body!["reason"]!.GetValue<string>());
        Assert.Equal(200, cleared);
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task F4_ManyConcurrentWatchesOnOneClient_AllOpen()
    {
        var watches = new List<WatchConnection>();
        try
        {
            for (var i = 0; i < 150; i++)
            {
                watches.Add(await WatchConnection.OpenAsync(_fixture.Http, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1"));
            }

            await Eventually.TrueAsync(() => _fixture.Emulator.Faults.ActiveWatchCount == 150, "watch registered", TimeSpan.FromSeconds(5));
        }
        finally
        {
            foreach (var watch in watches)
            {
                await watch.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task C5_StatusEventInWatch_GoesToOnErrorNotToItems()
    {
        await using var emulator = await KubeApiEmulatorFactory.StartSmallHistoryAsync(1);
        using var client = emulator.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret($"s{i}"), "default", cancellationToken: Ct);
        }
        var items = 0;
        var errors = new List<Exception>();

        await foreach (var _ in client.CoreV1.WatchListNamespacedSecretAsync("default", resourceVersion: "2", onError: errors.Add, cancellationToken: Ct))
        {
            items++;
        }

        Assert.Equal(0, items);
        Assert.IsType<KubernetesException>(Assert.Single(errors));
    }
}
