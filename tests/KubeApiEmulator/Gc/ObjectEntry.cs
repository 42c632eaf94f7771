using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Gc;

/// <summary>One stored object as the garbage collector sees it.</summary>
internal sealed record ObjectEntry(ResourceType Type, JsonObject Object)
{
    public JsonObject Metadata => (JsonObject)Object["metadata"]!;

    public string Namespace => Metadata["namespace"]?.GetValue<string>() ?? "";

    public string Name => Metadata["name"]!.GetValue<string>();

    public string Uid => Metadata["uid"]!.GetValue<string>();

    public bool IsDeleting => Metadata["deletionTimestamp"] is not null;

    public IEnumerable<JsonObject> OwnerReferences => (Metadata["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>();

    public bool HasFinalizer(string finalizer) => (Metadata["finalizers"] as JsonArray ?? []).Any(f => f?.GetValue<string>() == finalizer);
}
