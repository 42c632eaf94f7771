using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Patch;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>
/// PATCH (A1–A6): picks the algorithm by media type, applies it to the stored object and sends the result through
/// the update path (so R3, R4, M4, M5 apply). A missing object is 404 except for apply, which creates (201).
/// </summary>
internal sealed class ObjectPatcher(ClusterState cluster, ObjectCreator creator, ObjectUpdater updater)
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";
    public const string StrategicPatchType = "application/strategic-merge-patch+json";
    public const string ApplyPatchType = "application/apply-patch+yaml";

    public WriteResult Patch(ResourceType type, string? ns, string name, string? subresource, string mediaType, JsonNode? patch,
        IQueryCollection query, WriteOptions options)
    {
        CheckMediaType(type, mediaType);
        var isApply = mediaType == ApplyPatchType;
        CheckPatchOptions(isApply, query, patch);
        lock (cluster.Store.Gate)
        {
            var old = cluster.Store.Get(type.StorageKey, new ObjectKey(type.Namespaced ? ns ?? "" : "", name));
            if (old is null)
            {
                if (isApply && subresource is null && patch is JsonObject applied)
                {
                    applied = (JsonObject)applied.DeepClone();
                    var metadata = applied["metadata"] as JsonObject ?? [];
                    metadata["name"] ??= name;
                    applied["metadata"] = metadata;
                    return creator.Create(type, ns, applied, options);
                }
                throw StatusErrors.NotFound(type, name);
            }
            var current = ObjectView.ForVersion(type, old);
            var patched = mediaType switch
            {
                JsonPatchType => JsonPatch.Apply(current, patch),
                MergePatchType => MergePatch.Apply(current, patch ?? throw JsonPatch.Rejected("empty patch")),
                StrategicPatchType => StrategicMergePatch.Apply(current, patch ?? throw JsonPatch.Rejected("empty patch")),
                _ => ApplyPatch.Apply(current, patch, type.IsCustom),
            };
            if (patched is not JsonObject result)
            {
                throw JsonPatch.Rejected("the patched object is not a JSON object");
            }
            return updater.Update(type, ns, name, subresource, result, options, fromPatch: true);
        }
    }

    private static void CheckMediaType(ResourceType type, string mediaType)
    {
        var accepted = type.Strategy.AcceptsStrategicMergePatch
            ? new[] { JsonPatchType, MergePatchType, StrategicPatchType, ApplyPatchType }
            : [JsonPatchType, MergePatchType, ApplyPatchType];
        if (!accepted.Contains(mediaType))
        {
            throw StatusErrors.UnsupportedMediaType(string.Join(", ", accepted));
        }
    }

    private static void CheckPatchOptions(bool isApply, IQueryCollection query, JsonNode? patch)
    {
        var causes = new List<FieldCause>();
        if (isApply && string.IsNullOrEmpty(query["fieldManager"]))
        {
            causes.Add(new("FieldValueRequired", "Required value: is required for apply patch", "fieldManager"));
        }
        if (!isApply && query["force"].Count > 0)
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force"));
        }
        if (causes.Count > 0)
        {
            throw StatusErrors.Invalid("PatchOptions.meta.k8s.io", "meta.k8s.io", "PatchOptions", "", causes);
        }
        if (isApply && patch?["metadata"]?["managedFields"] is not null)
        {
            throw StatusErrors.BadRequest("metadata.managedFields must be nil");
        }
    }
}
