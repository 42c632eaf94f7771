using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>ObjectMeta validation (M6, D6, D2's finalizer rule), as objectmeta.go words its causes.</summary>
internal static class MetadataValidation
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <param name="pathSegmentName">RBAC objects' names only need to be path segments (ValidatePathSegmentName: `system:…` is fine).</param>
    public static List<FieldCause> Validate(JsonObject metadata, JsonObject? oldMetadata, bool pathSegmentName = false)
    {
        var causes = new List<FieldCause>();
        var name = metadata["name"]?.GetValue<string>() ?? "";
        if (pathSegmentName)
        {
            if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal) || name.Length == 0)
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"{name}\": may not be '.', '..' or contain '/' or '%'", "metadata.name"));
            }
        }
        else if (!ObjectNames.IsDns1123Subdomain(name))
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{name}\": {ObjectNames.Dns1123SubdomainMessage}", "metadata.name"));
        }
        ValidateLabels(metadata["labels"] as JsonObject, causes);
        ValidateAnnotations(metadata["annotations"] as JsonObject, causes);
        OwnerReferenceValidation.Validate(metadata["ownerReferences"] as JsonArray, causes);
        if (oldMetadata?["deletionTimestamp"] is not null)
        {
            var before = Strings(oldMetadata["finalizers"]);
            var added = Strings(metadata["finalizers"]).Where(f => !before.Contains(f)).ToList();
            if (added.Count > 0)
            {
                causes.Add(new("FieldValueForbidden",
                    $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}",
                    "metadata.finalizers"));
            }
        }
        return causes;
    }

    public static HashSet<string> Strings(JsonNode? array) =>
        array is JsonArray a ? [.. a.Select(n => n?.GetValue<string>() ?? "")] : [];

    private static void ValidateLabels(JsonObject? labels, List<FieldCause> causes)
    {
        foreach (var (key, value) in labels ?? [])
        {
            foreach (var error in ObjectNames.QualifiedNameErrors(key))
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"{key}\": {error}", "metadata.labels"));
            }
            var text = value?.GetValue<string>() ?? "";
            if (text.Length > 63)
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"{text}\": must be no more than 63 characters", $"metadata.labels"));
            }
            else if (!ObjectNames.IsLabelValue(text))
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"{text}\": {ObjectNames.LabelValueMessage}", "metadata.labels"));
            }
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, List<FieldCause> causes)
    {
        var total = 0;
        foreach (var (key, value) in annotations ?? [])
        {
            foreach (var error in ObjectNames.QualifiedNameErrors(key))
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"{key}\": {error}", "metadata.annotations"));
            }
            total += key.Length + Encoding.UTF8.GetByteCount(value?.GetValue<string>() ?? "");
        }
        if (total > TotalAnnotationSizeLimit)
        {
            causes.Add(new("FieldValueTooLong", $"Too long: may not be more than {TotalAnnotationSizeLimit} bytes", "metadata.annotations"));
        }
    }
}
