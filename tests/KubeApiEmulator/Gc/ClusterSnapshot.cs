using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Gc;

/// <summary>All objects of all served resources at one moment, indexed for owner lookups (D5).</summary>
internal sealed class ClusterSnapshot
{
    private readonly Dictionary<(string StorageKey, ObjectKey Key), ObjectEntry> _byKey = [];

    public ClusterSnapshot(ClusterState cluster)
    {
        lock (cluster.Store.Gate)
        {
            foreach (var storageKey in cluster.Store.StorageKeys())
            {
                var type = cluster.Registry.All.FirstOrDefault(t => t.StorageKey == storageKey);
                if (type is null)
                {
                    continue;
                }
                foreach (var obj in cluster.Store.Project(storageKey, obj => Slim(type, obj)))
                {
                    var entry = new ObjectEntry(type, obj);
                    Entries.Add(entry);
                    _byKey[(storageKey, new ObjectKey(entry.Namespace, entry.Name))] = entry;
                }
            }
        }
    }

    public List<ObjectEntry> Entries { get; } = [];

    /// <summary>What a pass reads of an object: its metadata's identity, deletion, owners and finalizers, and a
    /// CustomResourceDefinition's group and plural. Writes re-read the stored object (MetadataEdits, ObjectDeleter).</summary>
    private static readonly string[] s_metadataRead = ["namespace", "name", "uid", "deletionTimestamp", "ownerReferences", "finalizers"];

    private static JsonObject Slim(ResourceType type, JsonObject obj)
    {
        var metadata = new JsonObject();
        if (obj["metadata"] is JsonObject stored)
        {
            foreach (var field in s_metadataRead)
            {
                if (stored[field] is { } value)
                {
                    metadata[field] = value.DeepClone();
                }
            }
        }

        var slim = new JsonObject { ["metadata"] = metadata };
        if (type == BuiltinResources.CustomResourceDefinitions && obj["spec"] is { } spec)
        {
            slim["spec"] = spec.DeepClone();
        }

        return slim;
    }

    /// <summary>
    /// Whether the owner a reference names exists with the referenced uid, looked up in the dependent's namespace
    /// (a namespaced owner elsewhere counts as absent). Null when the owner's kind is not served (left alone).
    /// </summary>
    public bool? OwnerExists(ClusterState cluster, ObjectEntry dependent, JsonObject reference)
    {
        if (OwnerType(cluster, reference) is not { } ownerType)
        {
            return null;
        }
        if (OwnerKey(ownerType, dependent.Namespace, reference) is not { } key)
        {
            return false;
        }
        return _byKey.TryGetValue((ownerType.StorageKey, key), out var owner) && owner.Uid == reference["uid"]?.GetValue<string>();
    }

    /// <summary>The served resource an owner reference's apiVersion and kind name; null when none is served.</summary>
    public static ResourceType? OwnerType(ClusterState cluster, JsonObject reference)
    {
        var apiVersion = reference["apiVersion"]?.GetValue<string>() ?? "";
        var kind = reference["kind"]?.GetValue<string>() ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        return cluster.Registry.All.FirstOrDefault(t => t.Group == group && t.Kind == kind);
    }

    /// <summary>Where the owner is looked up: the dependent's namespace; null for a namespaced owner of a cluster-scoped dependent (absent).</summary>
    public static ObjectKey? OwnerKey(ResourceType ownerType, string dependentNamespace, JsonObject reference) =>
        ownerType.Namespaced && dependentNamespace.Length == 0
            ? null
            : new ObjectKey(ownerType.Namespaced ? dependentNamespace : "", reference["name"]?.GetValue<string>() ?? "");

    public IEnumerable<ObjectEntry> DependentsOf(string ownerUid) =>
        Entries.Where(e => e.OwnerReferences.Any(r => r["uid"]?.GetValue<string>() == ownerUid));
}
