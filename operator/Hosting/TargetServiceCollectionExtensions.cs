using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.Datadog;
using Operator.Credentials.Targets.Http;
using Operator.Credentials.Targets.Kubernetes;
using Operator.Credentials.Targets.SingleStore;
using Operator.Credentials.Tls;

namespace Operator.Hosting;

/// <summary>
/// The vendor targets, their named HttpClients (the trusted CAs come from the defaults configured beside the
/// providers; the timeout is set here) and the ServiceAccount identity for targets that need no cloud.
/// </summary>
internal static class TargetServiceCollectionExtensions
{
    /// <param name="createBundleHandler">Makes the handler of an http target's caBundle client (the cloud handlers, trusting only that bundle).</param>
    public static IServiceCollection AddCredentialTargets(this IServiceCollection services, TargetHttpOptions options,
        Func<CustomRootTrust, HttpMessageHandler> createBundleHandler)
    {
        foreach (var name in TargetHttpClients.All)
        {
            services.AddHttpClient(name, client => client.Timeout = options.Timeout);
        }

        services.AddSingleton(options);
        services.AddSingleton(new HttpTargetClients(options, createBundleHandler));
        services.AddSingleton<ICaBundles, KubernetesCaBundles>();
        services.AddSingleton<ISingleStoreIdentityProof, AwsSingleStoreIdentityProof>();
        services.AddSingleton<IIdentityProvider, ServiceAccountIdentityProvider>();
        services.AddSingleton<ICredentialTarget, DatadogTarget>();
        services.AddSingleton<ICredentialTarget, SingleStoreTarget>();
        services.AddSingleton<ICredentialTarget, HttpExchangeTarget>();
        services.AddSingleton<ICredentialTarget, ServiceAccountTokenTarget>();
        return services;
    }
}
