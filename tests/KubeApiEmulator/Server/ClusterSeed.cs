using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Server;

/// <summary>The objects a fresh cluster has: the configured namespaces, each with ServiceAccount `default` (P4).</summary>
internal static class ClusterSeed
{
    public static void Apply(ClusterState cluster)
    {
        var creator = new ObjectCreator(cluster);
        foreach (var ns in cluster.Options.Namespaces)
        {
            creator.Create(BuiltinResources.Namespaces, null, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
            }, WriteOptions.Default);
            creator.Create(BuiltinResources.ServiceAccounts, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } },
                WriteOptions.Default);
        }
    }
}
