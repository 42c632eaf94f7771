using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Operator.Runtime;

namespace Operator.IntegrationTests.Runtime;

/// <summary>An informer and a controller over the Secrets of one namespace, with a <see cref="LastSeenReconciler"/>.</summary>
internal sealed class SecretControllerRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private readonly Task _run;

    /// <param name="run">Runs the controllers now; without it, they wait for whoever runs <see cref="Host"/>.</param>
    public SecretControllerRig(IKubernetes client, string ns, InformerOptions? options = null, bool run = true)
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<IReconciler<V1Secret>>(Reconciler).BuildServiceProvider();
        Metrics = new RuntimeMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Informer = new Informer<V1Secret>(ResourceClients.Secrets(client, ns),
            options ?? new InformerOptions { PageSize = 7, Backoff = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)) },
            TimeProvider.System, NullLogger<Informer<V1Secret>>.Instance, Metrics);
        Controller = new Controller<V1Secret>("secrets", Informer, _services.GetRequiredService<IServiceScopeFactory>(),
            new ControllerOptions { MaxConcurrentReconciles = 4, FailureBackoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500)) },
            TimeProvider.System, NullLogger<Controller<V1Secret>>.Instance, Metrics);
        Host = new ControllerHost([Controller]);
        _run = run ? Task.Run(() => Host.RunAsync(_stop.Token)) : Task.CompletedTask;
    }

    public LastSeenReconciler Reconciler { get; } = new();

    public Informer<V1Secret> Informer { get; }

    public Controller<V1Secret> Controller { get; }

    public RuntimeMetrics Metrics { get; }

    public ControllerHost Host { get; }

    public IServiceProvider Services => _services;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
