using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Gc;

/// <summary>The garbage collector's writes: removing its finalizers and dangling ownerReferences from stored objects.</summary>
internal sealed class MetadataEdits(ClusterState cluster)
{
    public void RemoveFinalizer(ObjectEntry entry, string finalizer) => Rewrite(entry, metadata =>
        metadata["finalizers"] = new JsonArray([.. MetadataValidation.Strings(metadata["finalizers"]).Where(f => f != finalizer).Select(f => (JsonNode)f)]));

    public void DropOwnerReferences(ObjectEntry entry, Func<JsonObject, bool> drop) => Rewrite(entry, metadata =>
        metadata["ownerReferences"] = new JsonArray([.. (metadata["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => !drop(r)).Select(r => r.DeepClone())]));

    /// <summary>Changes the current stored object (if it is still the same one); an emptied deletion finishes it (D2).</summary>
    private void Rewrite(ObjectEntry entry, Action<JsonObject> change)
    {
        lock (cluster.Store.Gate)
        {
            var key = new ObjectKey(entry.Namespace, entry.Name);
            var current = cluster.Store.Get(entry.Type.StorageKey, key);
            if (current?["metadata"]?["uid"]?.GetValue<string>() != entry.Uid)
            {
                return;
            }
            var metadata = (JsonObject)current["metadata"]!;
            change(metadata);
            foreach (var list in new[] { "finalizers", "ownerReferences" })
            {
                if (metadata[list] is JsonArray { Count: 0 })
                {
                    metadata.Remove(list);
                }
            }
            if (metadata["deletionTimestamp"] is not null && metadata["finalizers"] is null)
            {
                cluster.Store.Remove(entry.Type.StorageKey, key);
                return;
            }
            cluster.Store.Put(entry.Type.StorageKey, CanonicalJson.Order(current, entry.Type.IsCustom));
        }
    }
}
