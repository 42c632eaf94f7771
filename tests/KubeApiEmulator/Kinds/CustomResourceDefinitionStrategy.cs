using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>
/// apiextensions.k8s.io/v1 CRDs: name must be `plural.group`, the cleanup finalizer is added, and the status a
/// real server's controllers would write soon after (NamesAccepted, Established, acceptedNames, storedVersions)
/// is set at once, so `kubectl wait --for condition=established` returns immediately.
/// </summary>
internal sealed class CustomResourceDefinitionStrategy : IResourceStrategy
{
    public static CustomResourceDefinitionStrategy Instance { get; } = new();

    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public bool TracksGeneration => true;

    public void PrepareForCreate(JsonObject obj)
    {
        var metadata = (JsonObject)obj["metadata"]!;
        var finalizers = metadata["finalizers"] as JsonArray ?? [];
        if (!finalizers.Any(f => f?.GetValue<string>() == CleanupFinalizer))
        {
            finalizers.Add(CleanupFinalizer);
        }
        metadata["finalizers"] = finalizers;
        obj["status"] = Status(obj, null);
    }

    public void PrepareForUpdate(JsonObject obj, JsonObject old) => obj["status"] = Status(obj, old["status"] as JsonObject);

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var group = obj["spec"]?["group"]?.GetValue<string>() ?? "";
        var plural = obj["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
        var kind = obj["spec"]?["names"]?["kind"]?.GetValue<string>() ?? "";
        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (name != $"{plural}.{group}")
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
        }
        if (group.Length == 0)
        {
            causes.Add(new("FieldValueRequired", "Required value", "spec.group"));
        }
        if (kind.Length == 0)
        {
            causes.Add(new("FieldValueRequired", "Required value", "spec.names.kind"));
        }
        if (obj["spec"]?["versions"] is not JsonArray { Count: > 0 } versions)
        {
            causes.Add(new("FieldValueInvalid", "Invalid value: \"null\": must have exactly one version marked as storage version", "spec.versions"));
        }
        else if (versions.Count(v => v?["storage"].AsBool() == true) != 1)
        {
            causes.Add(new("FieldValueInvalid", "Invalid value: \"[]\": must have exactly one version marked as storage version", "spec.versions"));
        }
        var scope = obj["spec"]?["scope"]?.GetValue<string>() ?? "";
        if (scope is not ("Namespaced" or "Cluster"))
        {
            causes.Add(new("FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }
        return causes;
    }

    private static JsonObject Status(JsonObject obj, JsonObject? old)
    {
        var names = obj["spec"]?["names"]?.DeepClone() as JsonObject ?? [];
        names["singular"] ??= names["kind"]?.GetValue<string>().ToLowerInvariant();
        names["listKind"] ??= names["kind"]?.GetValue<string>() + "List";
        var storage = (obj["spec"]?["versions"] as JsonArray ?? []).FirstOrDefault(v => v?["storage"].AsBool() == true)?["name"]?.GetValue<string>();
        var stored = (old?["storedVersions"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToList();
        if (storage is not null && !stored.Contains(storage))
        {
            stored.Add(storage);
        }
        // The conditions appear with the CRD, so they carry its creationTimestamp (taken from the emulator's clock).
        var time = old?["conditions"]?[0]?["lastTransitionTime"]?.GetValue<string>() ?? obj["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? "";
        var terminating = obj["metadata"]?["deletionTimestamp"] is not null;
        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "True", "NoConflicts", "no conflicts found", time),
                terminating
                    ? Condition("Established", "False", "Terminating", "the instances are being deleted", time)
                    : Condition("Established", "True", "InitialNamesAccepted", "the initial names have been accepted", time)),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode)v)]),
        };
    }

    private static JsonObject Condition(string type, string status, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
