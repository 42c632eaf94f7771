using System.Text.Json.Nodes;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class StatusPatcherTests
{
    private readonly StubApiServer _server = new();

    private static TestWidget Widget(WidgetStatus? status) => new()
    {
        Metadata = new V1ObjectMeta { Name = "w1", NamespaceProperty = "ns", Generation = 3 },
        Status = status,
    };

    [Fact]
    public async Task Patch_ChangedStatus_SendsAMergePatchToTheStatusSubresource()
    {
        var patcher = new StatusPatcher(_server.CreateClient());

        var sent = await patcher.PatchAsync(Widget(null), new WidgetStatus { ObservedGeneration = 3, Phase = "Ready" }, TestContext.Current.CancellationToken);

        Assert.NotNull(sent);
        var request = Assert.Single(_server.Requests);
        Assert.Equal((HttpMethod.Patch, "/apis/test.example.com/v1/namespaces/ns/widgets/w1/status", "application/merge-patch+json"),
            (request.Method, request.Path, request.ContentType));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"status":{"observedGeneration":3,"phase":"Ready"}}"""), JsonNode.Parse(request.Body)));
    }

    [Fact]
    public async Task Patch_UnchangedStatus_SendsNothing()
    {
        var patcher = new StatusPatcher(_server.CreateClient());
        var current = Widget(new WidgetStatus { ObservedGeneration = 3, Phase = "Ready" });

        var sent = await patcher.PatchAsync(current, new WidgetStatus { ObservedGeneration = 3, Phase = "Ready" }, TestContext.Current.CancellationToken);

        Assert.Null(sent);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Patch_FieldDroppedFromStatus_IsSentAsNullSoTheServerRemovesIt()
    {
        var patcher = new StatusPatcher(_server.CreateClient());
        var current = Widget(new WidgetStatus { Phase = "Failed", Message = "denied" });

        await patcher.PatchAsync(current, new WidgetStatus { Phase = "Ready" }, TestContext.Current.CancellationToken);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"status":{"phase":"Ready","message":null}}"""),
            JsonNode.Parse(Assert.Single(_server.Requests).Body)));
    }
}
