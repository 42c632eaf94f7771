using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// The admission-time behaviour of one CRD version's structural schema, as kube-apiserver applies it
/// (kube-api.md K1–K4): prune unknown fields, apply defaults, validate, run x-kubernetes-validations.
/// </summary>
/// <remarks>
/// Contract for the emulator core: <see cref="Admit"/> mutates the object in place (pruning
/// and defaulting) and reports what it found. The emulator turns causes into a 422 Invalid Status and
/// unknown fields into `Warning: 299` headers (or 400 under fieldValidation=Strict).
/// Pruning and defaulting cover the whole object on every write, as the decoder does before any
/// strategy runs; a /status write validates only `status` (the core restores everything else).
/// </remarks>
public sealed class CrdSchema
{
    private readonly SchemaNode _root;

    private CrdSchema(JsonObject openApiV3Schema)
    {
        OpenApiV3Schema = openApiV3Schema;
        _root = SchemaNode.Parse(openApiV3Schema);
    }

    /// <summary>The version's `schema.openAPIV3Schema`, as applied.</summary>
    public JsonObject OpenApiV3Schema { get; }

    public static CrdSchema Parse(JsonObject openApiV3Schema) => new(openApiV3Schema);

    /// <param name="obj">The whole object being written (apiVersion, kind, metadata, spec, status...).</param>
    /// <param name="oldObj">The stored object on update (for `oldSelf` rules); null on create.</param>
    /// <param name="statusOnly">True for writes to the /status subresource: only `status` is validated.</param>
    public SchemaOutcome Admit(JsonObject obj, JsonObject? oldObj, bool statusOnly)
    {
        var unknown = new List<string>();
        SchemaPruner.Prune(obj, _root, "", isResourceRoot: true, unknown);
        SchemaDefaulter.Apply(obj, _root);

        var causes = new List<FieldCause>();
        var unevaluated = new List<string>();
        if (statusOnly)
        {
            if (_root.Property("status") is { } status && obj.TryGetPropertyValue("status", out var value))
            {
                Check(value, oldObj?["status"], oldObj is not null && oldObj.ContainsKey("status"), status, "status", causes, unevaluated);
            }
        }
        else
        {
            Check(obj, oldObj, oldObj is not null, _root, "", causes, unevaluated);
        }
        return new SchemaOutcome(causes, unknown, unevaluated);
    }

    /// <summary>
    /// Upstream order: schema validation, list-type invariants, then CEL — which is skipped, with one
    /// extra cause, when the earlier errors mean the object's shape cannot be trusted.
    /// </summary>
    private static void Check(JsonNode? value, JsonNode? old, bool hasOld, SchemaNode schema, string path, List<FieldCause> causes, List<string> unevaluated)
    {
        SchemaValidator.Validate(value, schema, path, causes);
        ListTypeValidator.Validate(value, schema, path, causes);
        if (causes.Any(c => c.Reason is "FieldValueNotSupported" or "FieldValueRequired" or "FieldValueTooLong" or "FieldValueTooMany" or "FieldValueTypeInvalid"))
        {
            causes.Add(FieldErrors.Invalid("", "null", "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            return;
        }
        new Cel.RuleRunner(causes, unevaluated).Run(value, old, hasOld, schema, path, isResourceRoot: path.Length == 0);
    }
}

/// <summary>One entry of a 422 Status's `details.causes`.</summary>
/// <param name="Reason">`FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotSupported`, ...</param>
/// <param name="Message">As kube-apiserver words it, e.g. `Invalid value: 15: spec.replicas in body should be less than or equal to 10`.</param>
/// <param name="Field">The field path, e.g. `spec.replicas`.</param>
public sealed record FieldCause(string Reason, string Message, string Field);

/// <param name="Causes">Validation failures; empty when the object is valid.</param>
/// <param name="UnknownFields">Paths of pruned fields, e.g. `spec.foo`, for fieldValidation warnings.</param>
/// <param name="UnevaluatedRules">CEL rules the emulator could not evaluate (outside its supported subset).</param>
public sealed record SchemaOutcome(IReadOnlyList<FieldCause> Causes, IReadOnlyList<string> UnknownFields, IReadOnlyList<string> UnevaluatedRules)
{
    public static SchemaOutcome Accepted { get; } = new([], [], []);
}
