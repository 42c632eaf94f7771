using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// Adds and removes one finalizer of a custom resource with a JSON Patch guarded by a <c>test</c> op, never a
/// whole-object update (the 409 loops of KubeOps #1001). The test makes the patch fail (422) rather than
/// clobber a list someone changed meanwhile or remove someone else's finalizer at a shifted index; the watch
/// then brings the fresh object and the reconcile runs again.
/// </summary>
internal sealed class FinalizerPatcher(IKubernetes client)
{
    /// <summary>Adds <paramref name="finalizer"/> unless present; returns whether a patch was sent.</summary>
    public async Task<bool> AddAsync<T>(T obj, string finalizer, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var current = obj.Metadata.Finalizers ?? [];
        if (current.Contains(finalizer))
        {
            return false;
        }

        var ops = current.Count == 0
            ? new JsonArray(Op("test", "/metadata/finalizers", null), Op("add", "/metadata/finalizers", new JsonArray(finalizer)))
            : new JsonArray(Op("test", "/metadata/finalizers", new JsonArray([.. current.Select(f => (JsonNode?)f)])),
                Op("add", "/metadata/finalizers/-", finalizer));
        await PatchAsync(obj, ops, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes <paramref name="finalizer"/> if present (after cleanup); returns whether a patch was sent.</summary>
    public async Task<bool> RemoveAsync<T>(T obj, string finalizer, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var index = obj.Metadata.Finalizers?.IndexOf(finalizer) ?? -1;
        if (index < 0)
        {
            return false;
        }

        var path = $"/metadata/finalizers/{index}";
        await PatchAsync(obj, new JsonArray(Op("test", path, finalizer), Op("remove", path)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task PatchAsync<T>(T obj, JsonArray ops, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute.");
        var patch = new V1Patch(ops.ToJsonString(), V1Patch.PatchType.JsonPatch);
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, entity.Group, entity.ApiVersion, obj.Namespace(),
            entity.PluralName, obj.Name(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Op(string op, string path) => new() { ["op"] = op, ["path"] = path };

    private static JsonObject Op(string op, string path, JsonNode? value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };
}
