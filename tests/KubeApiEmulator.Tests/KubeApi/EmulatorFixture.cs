using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>
/// The shared emulator fixture (<see cref="KubeApiEmulatorFixture"/>) with a long watch history and raw HTTP helpers;
/// tests isolate themselves by namespace (<see cref="KubeApiEmulatorFixture.NewNamespaceAsync"/>).
/// </summary>
public sealed class EmulatorFixture : KubeApiEmulatorFixture
{
    public HttpClient Http { get; private set; } = null!;

    protected override KubeApiEmulatorOptions Options() => new() { WatchHistoryWindow = 100_000 };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Http = Emulator.CreateHttpClient();
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
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
