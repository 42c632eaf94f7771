using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Operator.Testing.Tests.KubeApi;

namespace Operator.Testing.Tests.Protobuf;

/// <summary>kubectl's protobuf create bodies reach the store and are answered in JSON.</summary>
public sealed class ProtobufBodyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    // kubectl create namespace team-a (kubectl 1.32)
    private const string Namespace = "6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200";

    [Fact]
    public async Task CreateNamespace_FromProtobuf_Returns201Json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces") { Content = new ByteArrayContent(Convert.FromHexString(Namespace)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf,application/json");

        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("team-a", body["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownProtobufKind_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces")
        {
            Content = new ByteArrayContent(Convert.FromHexString(Namespace.Replace("4e616d657370616365", "4e616d657370616366", StringComparison.Ordinal))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(415, (int)response.StatusCode);
    }
}
