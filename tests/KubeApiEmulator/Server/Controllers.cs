using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Gc;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Server;

/// <summary>The in-process controllers a real control plane runs beside the API server.</summary>
internal static class Controllers
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<GarbageCollector>();
    }

    /// <summary>CRD registration is synchronous with the CRD write; garbage collection runs in the background.</summary>
    public static void Start(ClusterState cluster, IServiceProvider services)
    {
        new CustomResourceRegistration(cluster.Registry, services.GetRequiredService<FaultInjector>()).Attach(cluster.Store);
        services.GetRequiredService<GarbageCollector>().Start();
    }
}
