using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>Namespaces: `spec.finalizers: [kubernetes]` and `status.phase: Active` on create.</summary>
internal sealed class NamespaceStrategy : IResourceStrategy
{
    public static NamespaceStrategy Instance { get; } = new();

    public void PrepareForCreate(JsonObject obj)
    {
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        obj["spec"] = old["spec"]?.DeepClone();
    }
}
