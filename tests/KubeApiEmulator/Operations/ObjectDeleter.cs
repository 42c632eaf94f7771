using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>The outcome of a DELETE: the body to send and its status code (P2: 200, or 202 per orphanDependents=false).</summary>
internal sealed record DeleteResult(int Code, JsonObject Body);

/// <summary>
/// DELETE (D1–D4): preconditions, then either removal at once (Status Success) or, when finalizers remain or the
/// propagation policy needs one, marking for deletion (deletionTimestamp once, 200 with the object).
/// Namespaces always go through Terminating; the garbage collector (Gc/GarbageCollector.cs) empties and removes them.
/// </summary>
internal sealed class ObjectDeleter(ClusterState cluster)
{
    public DeleteResult Delete(ResourceType type, string? ns, string name, DeleteOptions options)
    {
        lock (cluster.Store.Gate)
        {
            var key = new ObjectKey(type.Namespaced ? ns ?? "" : "", name);
            var old = cluster.Store.Get(type.StorageKey, key) ?? throw StatusErrors.NotFound(type, name);
            var metadata = (JsonObject)old["metadata"]!;
            CheckPreconditions(type, name, metadata, options);
            var finalizers = MetadataValidation.Strings(metadata["finalizers"]);
            var gcFinalizer = options.GcFinalizer;
            var isNamespace = type == BuiltinResources.Namespaces;
            if (finalizers.Count == 0 && gcFinalizer is null && !isNamespace)
            {
                var removed = options.DryRun ? old : cluster.Store.Remove(type.StorageKey, key)!;
                return new DeleteResult(200, SuccessStatus(type, name, removed));
            }
            if (metadata["deletionTimestamp"] is null)
            {
                metadata["deletionTimestamp"] = cluster.Now();
                metadata["deletionGracePeriodSeconds"] = 0;
                if (metadata["generation"] is JsonValue generation && generation.AsLong()!.Value > 0)
                {
                    metadata["generation"] = generation.AsLong()!.Value + 1;
                }
                if (isNamespace)
                {
                    old["status"] = new JsonObject { ["phase"] = "Terminating" };
                }
            }
            if (gcFinalizer is not null && !finalizers.Contains(gcFinalizer))
            {
                var list = metadata["finalizers"] as JsonArray ?? [];
                list.Add(gcFinalizer);
                metadata["finalizers"] = list;
            }
            var stored = options.DryRun ? old : cluster.Store.Put(type.StorageKey, CanonicalJson.Order(old, type.IsCustom));
            return new DeleteResult(options.OrphanDependents == false ? 202 : 200, ObjectView.ForVersion(type, stored));
        }
    }

    private static void CheckPreconditions(ResourceType type, string name, JsonObject metadata, DeleteOptions options)
    {
        var storedRv = metadata["resourceVersion"]!.GetValue<string>();
        var storedUid = metadata["uid"]!.GetValue<string>();
        if (options.PreconditionUid is { } uid && uid != storedUid)
        {
            throw StatusErrors.New(409, "Conflict",
                $"Operation cannot be fulfilled on {type.QualifiedKind} \"{name}\": the UID in the precondition ({uid}) does not match the UID in record ({storedUid}). The object might have been deleted and then recreated",
                StatusErrors.Details(name, type.Group, type.Kind));
        }
        if (options.PreconditionResourceVersion is { } rv && rv != storedRv)
        {
            throw StatusErrors.New(409, "Conflict",
                $"Operation cannot be fulfilled on {type.QualifiedKind} \"{name}\": the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record ({storedRv}). The object might have been modified",
                StatusErrors.Details(name, type.Group, type.Kind));
        }
    }

    private static JsonObject SuccessStatus(ResourceType type, string name, JsonObject removed)
    {
        var details = StatusErrors.Details(name, type.Group, type.Plural);
        details["uid"] = removed["metadata"]!["uid"]!.DeepClone();
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
