using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.AwsCredentials;
using Operator.Credentials.Throttling;
using Operator.Credentials.Tls;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Hosting;

/// <summary>Registers the DelegatedCredential controller and the pieces it composes.</summary>
internal static class CredentialServiceCollectionExtensions
{
    public const string ControllerName = "delegatedcredential";
    public const string Component = "delegated-credentials-operator";

    /// <param name="options">The bound options, for the choices that shape the registrations (namespace, workers).</param>
    public static IServiceCollection AddDelegatedCredentials(this IServiceCollection services, OperatorOptions options)
    {
        var ns = options.Namespaces.Count == 1 ? options.Namespaces[0] : null;
        services.AddControllerRuntime(Component, options.LeaderElection);
        services.AddInformer(sp => ResourceClients.Custom<DelegatedCredential, DelegatedCredentialList>(sp.GetRequiredService<IKubernetes>(), ns));

        // Only Secrets carrying our label are watched and cached: memory follows the number of credentials, not the cluster's Secrets.
        services.AddInformer(sp => ResourceClients.Secrets(sp.GetRequiredService<IKubernetes>(), ns),
            new InformerOptions { LabelSelector = ManagedSecret.Selector });
        services.AddController<DelegatedCredential, DelegatedCredentialReconciler>(ControllerName,
            new ControllerOptions { MaxConcurrentReconciles = options.Workers, ReconcileTimeout = options.ReconcileTimeout },
            (controller, sp) => controller.Owns(sp.GetRequiredService<Informer<V1Secret>>()));

        services.AddSingleton(Random.Shared);
        services.AddSingleton<CredentialMetrics>();
        services.AddSingleton(sp => new ExchangeRateLimiter(options.ExchangeRate, sp.GetRequiredService<TimeProvider>()));
        // A failing endpoint is probed after Floor, then at most every ExpiredCadence: recovery follows it within that.
        services.AddSingleton(sp => new EndpointBreakers(sp.GetRequiredService<TimeProvider>(), options.Retry.Floor,
            options.Retry.ExpiredCadence, sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(options.Retry);
        services.AddSingleton<PendingCredentials>();
        services.AddSingleton(sp => new BreakerWakeups(sp.GetRequiredService<EndpointBreakers>(),
            () => sp.GetService<Controller<DelegatedCredential>>()));
        services.AddSingleton<ClusterErrors>();
        services.AddSingleton(new ApiServerAudiences(options.AllowApiServerAudiences, options.ApiServerAudiences));
        services.AddSingleton<ServiceAccountTokens>();
        services.AddSingleton<SecretWriter>();
        services.AddSingleton<RolloutRestarter>();
        services.AddSingleton<ICredentialCluster, KubernetesCredentialCluster>();
        services.AddSingleton<CredentialPlanner>();
        services.AddSingleton<ICredentialExchange, CredentialIssuer>();
        services.AddCloudClients(options);
        return services;
    }

    /// <summary>Identity providers and targets; a new one is a line here and its class.</summary>
    private static void AddCloudClients(this IServiceCollection services, OperatorOptions options)
    {
        var createHandler = CloudHandlers(options.TrustedCaBundleFile);
        services.AddHttpClient();
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(createHandler));

        services.AddSingleton(new StsClients(new AwsStsOptions
        {
            ServiceUrl = options.Aws.StsEndpoint,
            CreateHttpHandler = createHandler,
        }));
        services.AddSingleton<IIdentityProvider>(sp => new AwsIdentityProvider(sp.GetRequiredService<StsClients>(), options.AllowIdentityOverride));
        services.AddSingleton<ICredentialTarget, AwsCredentialsTarget>();
        services.AddCredentialTargets(options.Targets);
    }

    /// <summary>
    /// Handlers for every cloud endpoint (STS through the SDK and the targets' named clients): the system's roots, plus
    /// the operator-wide bundle's when one is configured, behind <see cref="ResponseBodyCap"/> (no body over 1 MiB).
    /// </summary>
    internal static Func<HttpMessageHandler> CloudHandlers(string? caBundleFile)
    {
        if (string.IsNullOrEmpty(caBundleFile))
        {
            return ResponseBodyCap.Around(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        }

        var roots = CustomRootTrust.ReadPem(File.ReadAllText(caBundleFile))
            ?? throw new InvalidOperationException($"Operator:TrustedCaBundleFile '{caBundleFile}' holds no PEM certificate.");
        return ResponseBodyCap.Around(new CustomRootTrust(roots, alsoSystemRoots: true).CreateHandler);
    }
}
