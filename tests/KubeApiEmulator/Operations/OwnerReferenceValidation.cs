using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>ownerReferences rules (D6): apiVersion, kind, name, uid required; at most one controller.</summary>
internal static class OwnerReferenceValidation
{
    public static void Validate(JsonArray? references, List<FieldCause> causes)
    {
        if (references is null)
        {
            return;
        }
        var controllers = 0;
        foreach (var reference in references.OfType<JsonObject>())
        {
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if ((reference[field]?.GetValue<string>() ?? "").Length == 0)
                {
                    causes.Add(new("FieldValueRequired", "Required value: " + RequiredMessage(field), $"metadata.ownerReferences.{field}"));
                }
            }
            if (reference["controller"].AsBool() == true)
            {
                controllers++;
            }
        }
        if (controllers > 1)
        {
            causes.Add(new("FieldValueInvalid",
                $"Invalid value: {references.ToJsonString()}: Only one reference can have Controller set to true. Found \"true\" in references for {controllers} references",
                "metadata.ownerReferences"));
        }
    }

    /// <summary>Duplicate references (same uid) are dropped, keeping the first, with a warning each.</summary>
    public static List<string> Deduplicate(JsonObject metadata)
    {
        var warnings = new List<string>();
        if (metadata["ownerReferences"] is not JsonArray references)
        {
            return warnings;
        }
        var seen = new HashSet<string>();
        foreach (var reference in references.OfType<JsonObject>().ToList())
        {
            var uid = reference["uid"]?.GetValue<string>() ?? "";
            if (uid.Length > 0 && !seen.Add(uid))
            {
                references.Remove(reference);
                warnings.Add($".metadata.ownerReferences contains duplicate entries; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: {uid}");
            }
        }
        return warnings;
    }

    private static string RequiredMessage(string field) => field switch
    {
        "apiVersion" => "version must not be empty",
        "kind" => "kind must not be empty",
        "name" => "name must not be empty",
        _ => "uid must not be empty",
    };
}
