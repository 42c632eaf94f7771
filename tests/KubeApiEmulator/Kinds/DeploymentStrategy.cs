using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>Deployments: generation tracks spec changes (a pod-template annotation patch bumps it).</summary>
internal sealed class DeploymentStrategy : IResourceStrategy
{
    public static DeploymentStrategy Instance { get; } = new();

    public bool TracksGeneration => true;

    public void PrepareForCreate(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec && spec["replicas"] is null)
        {
            spec["replicas"] = 1;
        }
    }
}
