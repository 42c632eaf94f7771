using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Operator.Hosting;

namespace Operator.Testing.Harness;

/// <summary>
/// The real operator host (the one <c>dotnet run --project operator</c> builds), started in this process with
/// command-line configuration and a log capture added. Nothing inside the operator knows it is tested.
/// </summary>
internal sealed class RunningOperator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private RunningOperator(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    /// <summary>The health and metrics endpoint, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri HttpAddress => new(Addresses.First());

    /// <summary>The metrics listener when it speaks HTTPS (Operator:Http:MetricsAuth=Kubernetes), e.g. <c>https://127.0.0.1:41235/</c>.</summary>
    public Uri HttpsAddress => new(Addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal)));

    private ICollection<string> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

    public static async Task<RunningOperator> StartAsync(IEnumerable<string> args, ILoggerProvider logs, CancellationToken cancellationToken = default)
    {
        var builder = OperatorHost.CreateBuilder([.. args]);
        // Every line goes to the capture only: test output stays readable, and the capture sees all of it.
        var app = OperatorHost.Build(builder, b => b.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await app.StartAsync(cancellationToken);
        return new RunningOperator(app);
    }

    /// <summary>A graceful stop, as on SIGTERM: controllers drain, the lease is released.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
