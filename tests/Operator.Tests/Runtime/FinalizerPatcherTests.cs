using System.Text.Json.Nodes;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class FinalizerPatcherTests
{
    private readonly StubApiServer _server = new();

    private static TestWidget Widget(params string[] finalizers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "w1", NamespaceProperty = "ns", Finalizers = finalizers.Length == 0 ? null : [.. finalizers] },
    };

    public static TheoryData<string[], string> Additions => new()
    {
        { [], """[{"op":"test","path":"/metadata/finalizers","value":null},{"op":"add","path":"/metadata/finalizers","value":["ours"]}]""" },
        { ["theirs"], """[{"op":"test","path":"/metadata/finalizers","value":["theirs"]},{"op":"add","path":"/metadata/finalizers/-","value":"ours"}]""" },
    };

    [Theory]
    [MemberData(nameof(Additions))]
    public async Task Add_SendsAJsonPatchGuardedByATestOfTheCurrentList(string[] existing, string expected)
    {
        var sent = await new FinalizerPatcher(_server.CreateClient()).AddAsync(Widget(existing), "ours", TestContext.Current.CancellationToken);

        Assert.True(sent);
        var request = Assert.Single(_server.Requests);
        Assert.Equal((HttpMethod.Patch, "/apis/test.example.com/v1/namespaces/ns/widgets/w1", "application/json-patch+json"),
            (request.Method, request.Path, request.ContentType));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task Add_AlreadyPresent_SendsNothing()
    {
        var sent = await new FinalizerPatcher(_server.CreateClient()).AddAsync(Widget("ours"), "ours", TestContext.Current.CancellationToken);

        Assert.False(sent);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Remove_TestsTheFinalizerAtItsIndexThenRemovesIt()
    {
        var sent = await new FinalizerPatcher(_server.CreateClient()).RemoveAsync(Widget("theirs", "ours"), "ours", TestContext.Current.CancellationToken);

        Assert.True(sent);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"op":"test","path":"/metadata/finalizers/1","value":"ours"},{"op":"remove","path":"/metadata/finalizers/1"}]"""),
            JsonNode.Parse(Assert.Single(_server.Requests).Body)));
    }

    [Fact]
    public async Task Remove_Absent_SendsNothing()
    {
        var sent = await new FinalizerPatcher(_server.CreateClient()).RemoveAsync(Widget("theirs"), "ours", TestContext.Current.CancellationToken);

        Assert.False(sent);
        Assert.Empty(_server.Requests);
    }
}
