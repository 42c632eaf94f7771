using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>The Accept-driven response seam (for K5 Tables) reaches get, list and watch bodies.</summary>
public sealed class ResponseShaperSeamTests
{
    private const string Marker = "application/json;as=Marker";

    private sealed class MarkingShaper : IResponseShaper
    {
        public bool CanShape(HttpRequest request) => request.Headers.Accept.ToString().Contains("as=Marker", StringComparison.Ordinal);

        public JsonNode Shape(HttpRequest request, ResourceType type, JsonObject body, bool isList) =>
            new JsonObject { ["shaped"] = isList ? "list" : "object" };

        public JsonObject ShapeWatchObject(HttpRequest request, ResourceType type, JsonObject obj) => new() { ["shaped"] = "event" };
    }

    [Fact]
    public async Task RegisteredShaper_RewritesGetListAndWatchOnlyWhenAsked()
    {
        var options = new KubeApiEmulatorOptions { ConfigureServices = s => s.AddSingleton<IResponseShaper, MarkingShaper>() };
        await using var emulator = await KubeApiEmulator.StartAsync(options, TestContext.Current.CancellationToken);
        using var http = emulator.CreateHttpClient();
        using var shaped = emulator.CreateHttpClient();
        shaped.DefaultRequestHeaders.Add("Accept", Marker);

        var plain = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/default", TestContext.Current.CancellationToken))!;
        var obj = JsonNode.Parse(await shaped.GetStringAsync("/api/v1/namespaces/default", TestContext.Current.CancellationToken))!;
        var list = JsonNode.Parse(await shaped.GetStringAsync("/api/v1/namespaces", TestContext.Current.CancellationToken))!;
        await using var watch = await WatchConnection.OpenAsync(shaped, "/api/v1/namespaces?watch=true");
        var e = await watch.NextAsync();

        Assert.Equal("Namespace", plain["kind"]!.GetValue<string>());
        Assert.Equal("object", obj["shaped"]!.GetValue<string>());
        Assert.Equal("list", list["shaped"]!.GetValue<string>());
        Assert.Equal("event", e!["object"]!["shaped"]!.GetValue<string>());
    }
}
