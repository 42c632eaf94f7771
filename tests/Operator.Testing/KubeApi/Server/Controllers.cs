using Operator.Testing.KubeApi.Operations;

namespace Operator.Testing.KubeApi.Server;

/// <summary>The in-process controllers a real control plane runs beside the API server.</summary>
internal static class Controllers
{
    public static void Start(ClusterState cluster, IServiceProvider services)
    {
        _ = cluster;
        _ = services;
    }
}
