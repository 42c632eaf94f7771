using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>One emulator per test class; tests isolate themselves by namespace (<see cref="NewNamespaceAsync"/>).</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private int _namespaceCounter;

    public KubeApiEmulator Emulator { get; private set; } = null!;

    public k8s.Kubernetes Client { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { WatchHistoryWindow = 100_000 });
        Client = Emulator.CreateClient();
        Http = Emulator.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Creates a fresh namespace for one test.</summary>
    public async Task<string> NewNamespaceAsync()
    {
        var name = $"t{Interlocked.Increment(ref _namespaceCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{name}}}"}}""");
        response.EnsureSuccessStatusCode();
        return name;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Version = System.Net.HttpVersion.Version20 };
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends and returns status code and parsed JSON body (null when not JSON).</summary>
    public async Task<(int Code, JsonNode? Body, string Text)> CallAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var response = await SendAsync(method, path, body, contentType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return ((int)response.StatusCode, json, text);
    }
}
