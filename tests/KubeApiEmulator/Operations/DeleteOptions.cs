using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>DeleteOptions from the JSON body or the query (D3), validated like ValidateDeleteOptions.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, bool? OrphanDependents, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    public static DeleteOptions Background { get; } = new("Background", null, null, null, false);

    public static DeleteOptions From(JsonNode? body, IQueryCollection query)
    {
        var policy = body?["propagationPolicy"]?.GetValue<string>() ?? NullIfEmpty(query["propagationPolicy"]);
        bool? orphan = body?["orphanDependents"].AsBool()
            ?? QueryBool.Parse(query["orphanDependents"], "orphanDependents");
        var dryRun = body?["dryRun"] is JsonArray { Count: > 0 } || query["dryRun"].Count > 0;
        var options = new DeleteOptions(policy, orphan,
            body?["preconditions"]?["uid"]?.GetValue<string>(), body?["preconditions"]?["resourceVersion"]?.GetValue<string>(), dryRun);
        options.Validate();
        return options;
    }

    /// <summary>The finalizer the garbage collector needs for this deletion, or null for background (D4).</summary>
    public string? GcFinalizer => (PropagationPolicy, OrphanDependents) switch
    {
        ("Foreground", _) => "foregroundDeletion",
        ("Orphan", _) or (null, true) => "orphan",
        _ => null,
    };

    private void Validate()
    {
        var causes = new List<FieldCause>();
        if (PropagationPolicy is not null and not ("Orphan" or "Background" or "Foreground"))
        {
            causes.Add(new("FieldValueNotSupported",
                $"Unsupported value: \"{PropagationPolicy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"", "propagationPolicy"));
        }
        if (PropagationPolicy is not null && OrphanDependents is not null)
        {
            causes.Add(new("FieldValueInvalid",
                $"Invalid value: \"{PropagationPolicy}\": orphanDependents and deletionPropagation cannot be both set", "propagationPolicy"));
        }
        if (causes.Count > 0)
        {
            throw StatusErrors.Invalid("DeleteOptions.meta.k8s.io", "meta.k8s.io", "DeleteOptions", "", causes);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
