using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Operator.Runtime.Sharding;

namespace Operator.Runtime.Hosting;

/// <summary>Registers the controller runtime, its informers and controllers.</summary>
internal static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// The shared pieces: metrics, the controller host under leader election, the status patcher, the event
    /// recorder (as <paramref name="component"/>), leader election with <paramref name="leaderElection"/> (defaults when
    /// null) and the health checks. Needs an <see cref="IKubernetes"/>.
    /// </summary>
    /// <param name="sharding">With more than one shard, every replica runs the controllers and reconciles the keys of the
    /// shards it holds, each through its own Lease (<see cref="ShardElection"/>), instead of one leader doing all.</param>
    public static IServiceCollection AddControllerRuntime(this IServiceCollection services, string component,
        LeaderElectionOptions? leaderElection = null, ShardingOptions? sharding = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        PrometheusExport.EnsureStarted();
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton(sp => new ControllerHost(sp.GetServices<IController>()));
        services.TryAddSingleton<StatusPatcher>();
        services.TryAddSingleton<MetricsAuthorizer>();
        services.TryAddSingleton(sp => new EventRecorder(sp.GetRequiredService<IKubernetes>(), component,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EventRecorder>>()));
        // The caller binds and validates its configuration once (the runtime knows no configuration section).
        var election = leaderElection ?? new LeaderElectionOptions();
        if (sharding is { Enabled: true })
        {
            var leases = election;
            services.TryAddSingleton(sp => new HeldShards(sharding.Shards, sp.GetService<IMeterFactory>()));
            // Before LeaderElection: hosted services stop in reverse order, so the controllers drain before the shards are released.
            services.AddHostedService(sp => new ShardElection(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<HeldShards>(),
                leases, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ShardElection>>()));
            // The controllers run on every replica; the shard leases decide what each reconciles.
            election = new LeaderElectionOptions { Enabled = false };
        }

        services.AddSingleton(Options.Create(election));

        services.AddHostedService<LeaderElection>();
        services.AddHealthChecks()
            .AddCheck<InformerLivenessCheck>("informers", tags: [RuntimeEndpoints.LiveTag])
            .AddCheck<ReconcileLivenessCheck>("reconciles", tags: [RuntimeEndpoints.LiveTag])
            .AddCheck<CacheReadinessCheck>("caches", tags: [RuntimeEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// An informer (one per type, shared by every controller that watches it). <paramref name="transform"/> shapes what it
    /// caches; by default it strips managedFields (<see cref="ObjectTransforms.StripManagedFields{T}"/>), and a transform given here
    /// should too.
    /// </summary>
    public static IServiceCollection AddInformer<T>(this IServiceCollection services,
        Func<IServiceProvider, IResourceClient<T>> client, InformerOptions? options = null, Func<T, T>? transform = null)
        where T : class, IKubernetesObject<k8s.Models.V1ObjectMeta> =>
        services.AddInformer<T>(sp => new[] { client(sp) }, options, transform);

    /// <summary>An informer filled by several clients, one per namespace watched (<see cref="ResourceClients.PerNamespace{T}"/>).</summary>
    public static IServiceCollection AddInformer<T>(this IServiceCollection services,
        Func<IServiceProvider, IReadOnlyList<IResourceClient<T>>> clients, InformerOptions? options = null, Func<T, T>? transform = null)
        where T : class, IKubernetesObject<k8s.Models.V1ObjectMeta>
    {
        services.AddSingleton(sp => new Informer<T>(clients(sp), options ?? new InformerOptions(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Informer<T>>>(), sp.GetService<RuntimeMetrics>(), transform));
        return services;
    }

    /// <summary>
    /// A controller of <typeparamref name="T"/> reconciled by <typeparamref name="TReconciler"/> (scoped: one
    /// instance per reconcile). <paramref name="configure"/> can add owned types with <c>Owns</c>.
    /// </summary>
    public static IServiceCollection AddController<T, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReconciler>(this IServiceCollection services, string name,
        ControllerOptions? options = null, Action<Controller<T>, IServiceProvider>? configure = null)
        where T : class, IKubernetesObject<k8s.Models.V1ObjectMeta>
        where TReconciler : class, IReconciler<T>
    {
        services.AddScoped<IReconciler<T>, TReconciler>();
        services.AddSingleton(sp =>
        {
            var controller = new Controller<T>(name, sp.GetRequiredService<Informer<T>>(), sp.GetRequiredService<IServiceScopeFactory>(),
                options ?? new ControllerOptions(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<Controller<T>>>(), sp.GetService<RuntimeMetrics>());
            if (sp.GetService<HeldShards>() is { } shards)
            {
                controller.ShardedBy(shards);
            }

            configure?.Invoke(controller, sp);
            return controller;
        });
        services.AddSingleton<IController>(sp => sp.GetRequiredService<Controller<T>>());
        return services;
    }
}
