using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>
/// Decode checks, metadata and kind validation, and CRD schema admission (K1–K4 via <see cref="CrdSchema.Admit"/>),
/// in kube-apiserver's order: a decode error is 400, validation causes are one 422 Invalid.
/// </summary>
internal static class Admission
{
    /// <returns>Warnings for the response's `Warning` headers (unknown fields under fieldValidation=Warn).</returns>
    public static List<string> Admit(ResourceType type, JsonObject obj, JsonObject? old, bool statusOnly, WriteOptions options)
    {
        var decodeError = type.Strategy.DecodeError(obj);
        if (decodeError is not null)
        {
            throw StatusErrors.BadRequest(decodeError);
        }
        var warnings = new List<string>();
        var causes = new List<FieldCause>();
        if (type.Schema is not null)
        {
            var outcome = type.Schema.Admit(obj, old, statusOnly);
            causes.AddRange(outcome.Causes);
            AddUnknownFields(outcome.UnknownFields, options, warnings);
        }
        if (!statusOnly)
        {
            causes.InsertRange(0, MetadataValidation.Validate((JsonObject)obj["metadata"]!, old?["metadata"] as JsonObject,
                type.Strategy is Kinds.RbacStrategy));
            causes.AddRange(type.Strategy.Validate(obj, old));
        }
        if (causes.Count > 0)
        {
            throw StatusErrors.Invalid(type, obj["metadata"]?["name"]?.GetValue<string>() ?? "", causes);
        }
        return warnings;
    }

    private static void AddUnknownFields(IReadOnlyList<string> unknown, WriteOptions options, List<string> warnings)
    {
        if (unknown.Count == 0 || options.FieldValidation.Equals("Ignore", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        if (options.FieldValidation.Equals("Strict", StringComparison.OrdinalIgnoreCase))
        {
            var errors = unknown.Select(f => $"unknown field \"{f}\"").ToList();
            throw StatusErrors.BadRequest(errors.Count == 1
                ? $"strict decoding error: {errors[0]}"
                : $"strict decoding error: {string.Join(", ", errors)}");
        }
        warnings.AddRange(unknown.Select(f => $"unknown field \"{f}\""));
    }
}
