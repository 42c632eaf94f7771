using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Time.Testing;
using Operator.Testing.Clouds;

namespace Operator.Testing.Tests.Clouds;

public sealed class CloudHostTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly EchoEmulator _echo;
    private CloudHost _host = null!;

    public CloudHostTests() => _echo = new EchoEmulator(_time);

    public async ValueTask InitializeAsync() => _host = await CloudHost.StartAsync(_echo);

    [Fact]
    public async Task Host_ServesHttpsOnLoopbackTrustedThroughItsCa()
    {
        using var client = _host.CreateHttpClient();

        var body = await client.GetStringAsync(new Uri("/echo", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("echo", body);
        Assert.Equal("https", _host.BaseAddress.Scheme);
        Assert.Equal("127.0.0.1", _host.BaseAddress.Host);
    }

    [Fact]
    public async Task ClientWithoutTheCa_RejectsTheCertificate()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(new Uri("/echo", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task FailNext_AnswersThatManyRequestsWithTheStatusThenServes()
    {
        using var client = _host.CreateHttpClient();
        _echo.Faults.FailNext(2, 503);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(new Uri("/echo", UriKind.Relative), TestContext.Current.CancellationToken);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([503, 503, 200], statuses);
        Assert.Equal(2, _echo.Faults.Injected);
    }

    [Fact]
    public async Task DelayNext_HoldsTheResponseUntilTimeMoves()
    {
        using var client = _host.CreateHttpClient();
        _echo.Faults.DelayNext(1, TimeSpan.FromSeconds(30));

        var pending = client.GetStringAsync(new Uri("/echo", UriKind.Relative), TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => _echo.Faults.Holding == 1, "the response held", TimeSpan.FromSeconds(10));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("echo", await pending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The smallest emulator: one route.</summary>
    private sealed class EchoEmulator(TimeProvider time) : ICloudEmulator
    {
        public CloudFaults Faults { get; } = new(time);

        public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapGet("/echo", () => Results.Text("echo"));
    }
}
