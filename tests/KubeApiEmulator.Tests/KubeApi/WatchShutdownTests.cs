using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Stopping the emulator ends every watch, including one no fault tracking would reach.</summary>
public sealed class WatchShutdownTests : IAsyncLifetime
{
    private KubeApiEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync();
        _http = _emulator.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ApplicationStopping_EndsAnOpenWatchCleanly()
    {
        await using var watch = await WatchConnection.OpenAsync(_http, "/api/v1/namespaces/default/secrets?watch=true&resourceVersion=1&timeoutSeconds=3600");
        await Eventually.TrueAsync(() => _emulator.Faults.ActiveWatchCount > 0, "watch registered", TimeSpan.FromSeconds(5));

        _emulator.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(3)));
    }
}
