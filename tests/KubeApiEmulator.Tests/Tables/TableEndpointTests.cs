using System.Text.Json.Nodes;
using Operator.Testing.Tests.KubeApi;

namespace Operator.Testing.Tests.Tables;

/// <summary>Lists and gets answer with a Table when kubectl asks for one, and with plain JSON otherwise.</summary>
public sealed class TableEndpointTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task ListSecrets_AsTable_HasSecretColumnsAndRows()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s"},"stringData":{"a":"b"}}""");

        var table = await GetAsync($"/api/v1/namespaces/{ns}/secrets", KubectlAccept);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Type", "Data", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("s", table["rows"]![0]!["cells"]![0]!.GetValue<string>());
        Assert.NotNull(table["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task GetSecret_WithoutTableAccept_IsPlainObject()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s"}}""");

        var secret = await GetAsync($"/api/v1/namespaces/{ns}/secrets/s", "application/json");

        Assert.Equal("Secret", secret["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task WatchSecrets_AsTable_SendsOneRowTablesWithColumnsOnTheFirstEventOnly()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?watch=true&timeoutSeconds=5");
        request.Headers.TryAddWithoutValidation("Accept", KubectlAccept);
        using var response = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));

        var first = JsonNode.Parse((await reader.ReadLineAsync(TestContext.Current.CancellationToken))!)!;
        var second = JsonNode.Parse((await reader.ReadLineAsync(TestContext.Current.CancellationToken))!)!;

        Assert.Equal(("ADDED", "Table"), (first["type"]!.GetValue<string>(), first["object"]!["kind"]!.GetValue<string>()));
        Assert.Equal(["Name", "Type", "Data", "Age"], first["object"]!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("a", first["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>());
        Assert.Null(second["object"]!["columnDefinitions"]);
        Assert.Equal("b", Assert.Single(second["object"]!["rows"]!.AsArray())!["cells"]![0]!.GetValue<string>());
    }

    private async Task<JsonNode> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }
}
