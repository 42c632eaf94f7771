using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Aws.PodIdentity;
using Operator.Credentials.Identity.Azure;
using Operator.Credentials.Identity.Gcp;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.AwsCredentials;
using Operator.Credentials.Targets.Azure;
using Operator.Credentials.Targets.Gcp;
using Operator.Credentials.Targets.SingleStore;
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
        // Every namespace (one watch per kind), or each listed one (one watch per kind and namespace, into one cache).
        var namespaces = options.Namespaces;
        services.AddControllerRuntime(Component, options.LeaderElection, options.Sharding);
        services.AddSingleton(sp => new HeapTrimmer(options.HeapTrim, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HeapTrimmer>>()));
        services.AddHostedService(sp => sp.GetRequiredService<HeapTrimmer>());
        // DelegatedCredentials and ServiceAccounts are never written back whole (status is patched, ServiceAccounts only read),
        // so their caches can also drop the kubectl apply annotation, a second copy of each object (Runtime/ObjectTransforms).
        services.AddInformer(sp => ResourceClients.PerNamespace(namespaces,
            ns => ResourceClients.Custom<DelegatedCredential, DelegatedCredentialList>(sp.GetRequiredService<IKubernetes>(), ns)),
            transform: ObjectTransforms.CompactWithoutLastApplied);

        // Only Secrets carrying our label are watched and cached: memory follows the number of credentials, not the cluster's
        // Secrets. They are cached without their data (only its hash: Secrets/CachedSecret).
        services.AddInformer(sp => ResourceClients.PerNamespace(namespaces, ns => ResourceClients.Secrets(sp.GetRequiredService<IKubernetes>(), ns)),
            new InformerOptions { LabelSelector = ManagedSecret.Selector }, CachedSecret.Strip);
        // ServiceAccounts are read from their own cache (their consent and identity annotations), and a change to one
        // reconciles the credentials that name it.
        services.AddInformer(sp => ResourceClients.PerNamespace(namespaces, ns => ResourceClients.ServiceAccounts(sp.GetRequiredService<IKubernetes>(), ns)),
            transform: ObjectTransforms.CompactWithoutLastApplied);
        services.AddController<DelegatedCredential, DelegatedCredentialReconciler>(ControllerName,
            new ControllerOptions { MaxConcurrentReconciles = options.Workers, ReconcileTimeout = options.ReconcileTimeout },
            // The events of the reconciler's own Secret writes and status patches reconcile nothing (Reconciliation/CredentialWrites).
            (controller, sp) => controller
                .IgnoringOwnWrites(sp.GetRequiredService<CredentialWrites>().StatusWrites)
                .Owns(sp.GetRequiredService<Informer<V1Secret>>(), sp.GetRequiredService<CredentialWrites>().SecretWrites)
                .Watches(sp.GetRequiredService<Informer<V1ServiceAccount>>(), sp.GetRequiredService<ServiceAccountWatch>().Map));
        services.AddSingleton<ServiceAccountWatch>();
        services.AddSingleton<CredentialWrites>();
        services.AddSingleton(new ServiceAccountConsent(options.RequireServiceAccountConsent));

        services.AddSingleton(Random.Shared);
        services.AddSingleton<CredentialMetrics>();
        services.AddSingleton<IScrapeSeries>(sp => sp.GetRequiredService<CredentialMetrics>());
        services.AddSingleton(sp => new ExchangeRateLimiter(options.ExchangeRate, sp.GetRequiredService<TimeProvider>()));
        // A failing endpoint is probed after Floor, then at most every ExpiredCadence: recovery follows it within that.
        services.AddSingleton(sp => new EndpointBreakers(sp.GetRequiredService<TimeProvider>(), options.Retry.Floor,
            options.Retry.ExpiredCadence, sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(options.Retry);
        services.AddSingleton(options.Events);
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
        var policy = new HostPolicy(options.HostPolicy);
        services.AddSingleton(policy);
        var createHandler = CloudHandlers(options.TrustedCaBundleFile, policy);
        services.AddHttpClient();
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(createHandler));

        services.AddSingleton(new StsClients(new AwsStsOptions
        {
            ServiceUrl = options.Aws.StsEndpoint,
            CreateHttpHandler = createHandler,
        }));
        services.AddSingleton(new AssumeRoleForPodIdentity(options.Aws.PodIdentity, createHandler));
        services.AddSingleton<IIdentityProvider>(sp => new AwsIdentityProvider(sp.GetRequiredService<StsClients>(), options.AllowIdentityOverride,
            sp.GetRequiredService<AssumeRoleForPodIdentity>()));
        services.AddSingleton<ICredentialTarget, AwsCredentialsTarget>();

        // GCP workload identity federation: Google STS and IAM Credentials through the named client (the cloud handlers above).
        services.AddHttpClient(GoogleWorkloadIdentity.HttpClientName, client => client.Timeout = options.Gcp.Timeout);
        services.AddSingleton(sp => new GoogleWorkloadIdentity(options.Gcp, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIdentityProvider>(sp => new GcpIdentityProvider(sp.GetRequiredService<GoogleWorkloadIdentity>(), options.AllowIdentityOverride));
        services.AddSingleton<ICredentialTarget, GcpAccessTokenTarget>();
        services.AddSingleton<ICredentialTarget, GcpIdTokenTarget>();
        services.AddSingleton<ISingleStoreIdentityProof, GcpSingleStoreIdentityProof>();

        // Azure workload identity: Entra's token endpoint through the cloud handlers (docs/protocols.md §5).
        services.AddHttpClient(EntraTokenClient.HttpClientName, client => client.Timeout = options.Targets.Timeout);
        services.AddSingleton(sp => new EntraTokenClient(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIdentityProvider>(sp => new AzureIdentityProvider(sp.GetRequiredService<EntraTokenClient>(),
            options.AllowIdentityOverride, options.Azure.AuthorityHost));
        services.AddSingleton<ICredentialTarget, AzureAccessTokenTarget>();
        services.AddSingleton<ISingleStoreIdentityProof, AzureSingleStoreIdentityProof>();
        services.AddCredentialTargets(options.Targets, trust => CloudHandlers(trust, policy)());
    }

    /// <summary>
    /// Handlers for every cloud endpoint (STS through the SDK and the targets' named clients): the system's roots, plus
    /// the operator-wide bundle's when one is configured. See <see cref="CloudHandlers(CustomRootTrust?, HostPolicy)"/>.
    /// </summary>
    internal static Func<HttpMessageHandler> CloudHandlers(string? caBundleFile, HostPolicy policy)
    {
        if (string.IsNullOrEmpty(caBundleFile))
        {
            return CloudHandlers((CustomRootTrust?)null, policy);
        }

        var roots = CustomRootTrust.ReadPem(File.ReadAllText(caBundleFile))
            ?? throw new InvalidOperationException($"Operator:TrustedCaBundleFile '{caBundleFile}' holds no PEM certificate.");
        return CloudHandlers(new CustomRootTrust(roots, alsoSystemRoots: true), policy);
    }

    /// <summary>
    /// The one place cloud handlers are made (the operator-wide ones above, an http target's caBundle clients in
    /// <c>Targets/Http/HttpTargetClients</c>, and any later provider's): TLS checked by <paramref name="trust"/> (the
    /// system's roots when null), every connection through <paramref name="policy"/> (<c>Credentials/CloudHttp/HostPolicy</c>:
    /// the connected address is checked, no proxy), no redirect followed (<see cref="RedirectRefusal"/>), and no body over
    /// 1 MiB (<see cref="ResponseBodyCap"/>).
    /// </summary>
    internal static Func<HttpMessageHandler> CloudHandlers(CustomRootTrust? trust, HostPolicy policy) => () =>
        new ResponseBodyCap
        {
            InnerHandler = new RedirectRefusal
            {
                InnerHandler = policy.Apply(trust?.CreateHandler() ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
            },
        };
}
