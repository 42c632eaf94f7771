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

    private async Task<JsonNode> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }
}
