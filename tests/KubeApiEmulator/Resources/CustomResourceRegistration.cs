using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Kinds;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Resources;

/// <summary>
/// Keeps the registry in step with stored CRDs: every served version of a CRD becomes a <see cref="ResourceType"/>
/// (discovery, routes, scope, status subresource, schema, selectableFields) as soon as the CRD is written, and
/// disappears (its open watches ended) when the CRD is removed. Runs inside the store's commit, so a CR can be created right after its CRD.
/// </summary>
internal sealed class CustomResourceRegistration(ResourceRegistry registry, FaultInjector faults)
{
    public void Attach(ResourceStore store) => store.Committed += OnCommitted;

    private void OnCommitted(StoreEvent e)
    {
        if (e.StorageKey != BuiltinResources.CustomResourceDefinitions.StorageKey)
        {
            return;
        }
        var spec = e.Object["spec"] as JsonObject ?? [];
        var group = spec["group"]?.GetValue<string>() ?? "";
        var plural = spec["names"]?["plural"]?.GetValue<string>() ?? "";
        if (e.Type == StoreEventType.Deleted)
        {
            registry.UnregisterCustom(group, plural);
            // Open watches of the removed resource end, as the real server stops serving it.
            _ = Task.Run(() => faults.EndWatches(resource: $"{plural}.{group}"));
            return;
        }
        registry.RegisterCustom(group, plural, [.. Versions(spec, group, plural)]);
    }

    private static IEnumerable<ResourceType> Versions(JsonObject spec, string group, string plural)
    {
        var names = spec["names"] as JsonObject ?? [];
        var kind = names["kind"]?.GetValue<string>() ?? "";
        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var shortNames = (names["shortNames"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"].AsBool() == false)
            {
                continue;
            }
            yield return new ResourceType(group, version["name"]!.GetValue<string>(), plural, singular, kind, namespaced, CustomResourceStrategy.Instance)
            {
                IsCustom = true,
                HasStatus = version["subresources"]?["status"] is not null,
                ShortNames = shortNames,
                Schema = version["schema"]?["openAPIV3Schema"] is JsonObject schema ? CrdSchema.Parse((JsonObject)schema.DeepClone()) : null,
                SelectableFields = [.. (version["selectableFields"] as JsonArray ?? []).Select(f => f?["jsonPath"]?.GetValue<string>().TrimStart('.') ?? "")],
            };
        }
    }
}
