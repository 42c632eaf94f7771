using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>
/// PUT, and the update half of PATCH (A6): resourceVersion and uid preconditions (R4), immutable metadata (M3),
/// generation (M4), the status subresource (M4, M5), finalizer rules and the update that completes a deletion (D2).
/// </summary>
internal sealed class ObjectUpdater(ClusterState cluster, ObjectCreator creator)
{
    /// <param name="fromPatch">PATCH results carry the stored RV unless the patch set one, so no RV is required.</param>
    public WriteResult Update(ResourceType type, string? ns, string name, string? subresource, JsonObject body, WriteOptions options, bool fromPatch = false)
    {
        lock (cluster.Store.Gate)
        {
            var key = new ObjectKey(type.Namespaced ? ns ?? "" : "", name);
            var old = cluster.Store.Get(type.StorageKey, key);
            if (old is null)
            {
                if (type.Strategy.AllowCreateOnUpdate && subresource is null && !fromPatch)
                {
                    return creator.Create(type, ns, body, options);
                }
                throw StatusErrors.NotFound(type, name);
            }
            var obj = Prepare(type, ns, name, subresource, body, old, fromPatch);
            var warnings = OwnerReferenceValidation.Deduplicate((JsonObject)obj["metadata"]!);
            warnings.AddRange(Admission.Admit(type, obj, old, subresource == "status", options));
            warnings.AddRange(PolicyAdmission.Validate(cluster, type, "UPDATE", obj, old, subresource));
            return options.DryRun ? new WriteResult(obj, false, warnings) : Commit(type, key, obj, old, warnings);
        }
    }

    /// <summary>The object to store: merged per subresource, preconditions checked, immutables kept, generation set.</summary>
    private static JsonObject Prepare(ResourceType type, string? ns, string name, string? subresource, JsonObject body, JsonObject old, bool fromPatch)
    {
        var obj = Merge(type, subresource, (JsonObject)body.DeepClone(), old);
        var metadata = (JsonObject)obj["metadata"]!;
        CheckIdentity(type, ns, name, metadata);
        CheckPreconditions(type, name, metadata, (JsonObject)old["metadata"]!, fromPatch);
        KeepImmutables(metadata, (JsonObject)old["metadata"]!);
        if (subresource is null)
        {
            type.Strategy.PrepareForUpdate(obj, old);
            BumpGeneration(type, obj, old);
        }
        return obj;
    }

    /// <summary>Stores the update; the one that empties the finalizers of an object being deleted removes it (D2).</summary>
    private WriteResult Commit(ResourceType type, ObjectKey key, JsonObject obj, JsonObject old, List<string> warnings)
    {
        if (old["metadata"]!["deletionTimestamp"] is not null && MetadataValidation.Strings(obj["metadata"]!["finalizers"]).Count == 0)
        {
            cluster.Store.Remove(type.StorageKey, key);
            return new WriteResult(obj, false, warnings);
        }
        return new WriteResult(cluster.Store.Put(type.StorageKey, CanonicalJson.Order(obj, type.IsCustom)), false, warnings);
    }

    /// <summary>Status writes keep everything but status (M5); main-resource writes keep the stored status (M4).</summary>
    private static JsonObject Merge(ResourceType type, string? subresource, JsonObject body, JsonObject old)
    {
        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        if (body["metadata"] is not JsonObject)
        {
            body["metadata"] = new JsonObject();
        }
        if (subresource == "status")
        {
            var result = (JsonObject)old.DeepClone();
            result["status"] = body["status"]?.DeepClone();
            if (result["status"] is null)
            {
                result.Remove("status");
            }
            var requestRv = body["metadata"]!["resourceVersion"]?.DeepClone();
            var requestUid = body["metadata"]!["uid"]?.DeepClone();
            result["metadata"]!["resourceVersion"] = requestRv;
            result["metadata"]!["uid"] = requestUid;
            return result;
        }
        if (type.HasStatus && type != BuiltinResources.Namespaces)
        {
            body.Remove("status");
            if (old["status"] is not null)
            {
                body["status"] = old["status"]!.DeepClone();
            }
        }
        return body;
    }

    private static void CheckIdentity(ResourceType type, string? ns, string name, JsonObject metadata)
    {
        var bodyName = metadata["name"]?.GetValue<string>() ?? "";
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw StatusErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        metadata["name"] = name;
        ObjectCreator.SetNamespace(type, ns, metadata);
    }

    private static void CheckPreconditions(ResourceType type, string name, JsonObject metadata, JsonObject oldMetadata, bool fromPatch)
    {
        var rv = metadata["resourceVersion"]?.GetValue<string>() ?? "";
        var storedRv = oldMetadata["resourceVersion"]!.GetValue<string>();
        if (rv.Length == 0 && !fromPatch && !type.Strategy.AllowUnconditionalUpdate)
        {
            throw StatusErrors.Invalid(type, name,
                [new FieldCause("FieldValueInvalid", "Invalid value: 0: must be specified for an update", "metadata.resourceVersion")]);
        }
        if (rv.Length > 0 && rv != storedRv)
        {
            throw StatusErrors.StaleResourceVersion(type, name);
        }
        var uid = metadata["uid"]?.GetValue<string>() ?? "";
        var storedUid = oldMetadata["uid"]!.GetValue<string>();
        if (uid.Length > 0 && uid != storedUid)
        {
            throw StatusErrors.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {storedUid}");
        }
    }

    private static void KeepImmutables(JsonObject metadata, JsonObject oldMetadata)
    {
        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            metadata.Remove(key);
            if (oldMetadata[key] is { } value)
            {
                metadata[key] = value.DeepClone();
            }
        }
        metadata.Remove("selfLink");
    }

    /// <summary>Generation +1 iff anything outside metadata changed (M4); status is already restored when it is a subresource.</summary>
    private static void BumpGeneration(ResourceType type, JsonObject obj, JsonObject old)
    {
        if (!type.Strategy.TracksGeneration)
        {
            return;
        }
        static string Body(JsonObject o) =>
            new JsonObject([.. o.Where(p => p.Key is not ("metadata" or "apiVersion" or "kind")).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))]).ToJsonString();
        if (Body(obj) != Body(old))
        {
            obj["metadata"]!["generation"] = (old["metadata"]!["generation"].AsLong() ?? 0) + 1;
        }
    }
}
