using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>A raw watch request whose JSON lines are read one at a time, each with a deadline.</summary>
internal sealed class WatchConnection : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchConnection(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<WatchConnection> OpenAsync(HttpClient http, string pathAndQuery, Version? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery)
        {
            Version = version ?? System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new WatchConnection(response, new StreamReader(stream));
    }

    /// <summary>The next event line, or null when the stream ended cleanly.</summary>
    public async Task<JsonNode?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(5));
        var line = await _reader.ReadLineAsync(cts.Token);
        return line is null ? null : JsonNode.Parse(line);
    }

    public async Task<(string Type, string Name)> NextEventAsync()
    {
        var e = await NextAsync() ?? throw new InvalidOperationException("watch ended");
        return (e["type"]!.GetValue<string>(), e["object"]!["metadata"]!["name"]?.GetValue<string>() ?? "");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
