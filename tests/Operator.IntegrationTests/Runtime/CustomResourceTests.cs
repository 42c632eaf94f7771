using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Operator.Runtime;

namespace Operator.IntegrationTests.Runtime;

/// <summary>The runtime's custom-resource paths on the wire: informer, status patch and events.</summary>
public sealed class CustomResourceTests(KubeApiEmulatorFixture fixture) : IClassFixture<KubeApiEmulatorFixture>, IAsyncLifetime
{
    private readonly Kubernetes _client = fixture.Emulator.CreateClient();
    private string _ns = "";

    public async ValueTask InitializeAsync()
    {
        try
        {
            await _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TestWidget.Definition());
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Registered by an earlier test of this class.
        }

        _ns = await fixture.NewNamespaceAsync();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await _client.CustomObjects.ListNamespacedCustomObjectAsync(TestWidget.Group, TestWidget.Version, _ns, TestWidget.Plural);
                return true;
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                return false;
            }
        }, () => "CRD served");
    }

    [Fact]
    public async Task Informer_ListsAndWatchesACustomResource()
    {
        await CreateAsync("w1");
        using var stop = new CancellationTokenSource();
        var informer = new Informer<TestWidget>(ResourceClients.Custom<TestWidget, TestWidgetList>(_client, _ns),
            new InformerOptions { PageSize = 1 }, TimeProvider.System, NullLogger<Informer<TestWidget>>.Instance);
        var run = Task.Run(() => informer.RunAsync(stop.Token), TestContext.Current.CancellationToken);
        await informer.WaitForSyncAsync(TestContext.Current.CancellationToken);

        await CreateAsync("w2");
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(TestWidget.Group, TestWidget.Version, _ns, TestWidget.Plural, "w1",
            cancellationToken: TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(() => informer.Cache.Keys.SequenceEqual([new ObjectKey(_ns, "w2")]), () => "cache holds only w2");
        Assert.Equal(("runtime.test.example.com/v1", "Widget"), (informer.Cache.Get(new ObjectKey(_ns, "w2"))!.ApiVersion, informer.Cache.Get(new ObjectKey(_ns, "w2"))!.Kind));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task StatusPatcher_WritesTheStatusSubresource_AndSkipsAnUnchangedStatus()
    {
        var widget = await CreateAsync("w3");
        var patcher = new StatusPatcher(_client);

        var first = await patcher.PatchAsync(widget, new Dictionary<string, string> { ["phase"] = "Ready" }, TestContext.Current.CancellationToken);
        var stored = await ReadAsync("w3");
        var second = await patcher.PatchAsync(stored, new Dictionary<string, string> { ["phase"] = "Ready" }, TestContext.Current.CancellationToken);

        // The patch returns the object as stored: its resourceVersion is the one the watch will deliver for this write.
        Assert.Equal(stored.ResourceVersion(), first!.ResourceVersion());
        Assert.Equal("Ready", stored.Status!["phase"]);
        Assert.Null(second);
        Assert.Equal(stored.ResourceVersion(), (await ReadAsync("w3")).ResourceVersion());
    }

    [Fact]
    public async Task EventRecorder_AggregatesRepeatsIntoOneEvent()
    {
        var widget = await CreateAsync("w4");
        var recorder = new EventRecorder(_client, "runtime-tests", TimeProvider.System, NullLogger<EventRecorder>.Instance);

        for (var i = 0; i < 3; i++)
        {
            await recorder.RecordAsync(widget, EventRecorder.Warning, "Failed", "denied", TestContext.Current.CancellationToken);
        }

        var events = await _client.CoreV1.ListNamespacedEventAsync(_ns, cancellationToken: TestContext.Current.CancellationToken);
        var recorded = Assert.Single(events.Items);
        Assert.Equal((3, "Failed", "Widget", "w4"), (recorded.Count, recorded.Reason, recorded.InvolvedObject.Kind, recorded.InvolvedObject.Name));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<TestWidget> CreateAsync(string name)
    {
        var metadata = new V1ObjectMeta { Name = name, NamespaceProperty = _ns };
        var created = await _client.CustomObjects.CreateNamespacedCustomObjectAsync<TestWidget>(
            new TestWidget { Metadata = metadata, Spec = new() { ["size"] = "s" } },
            TestWidget.Group, TestWidget.Version, _ns, TestWidget.Plural);
        return created;
    }

    private Task<TestWidget> ReadAsync(string name) =>
        _client.CustomObjects.GetNamespacedCustomObjectAsync<TestWidget>(TestWidget.Group, TestWidget.Version, _ns, TestWidget.Plural, name);
}
