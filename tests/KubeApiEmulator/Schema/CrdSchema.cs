using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// The admission-time behaviour of one CRD version's structural schema, as kube-apiserver applies it
/// (docs/emulators.md §1.4, K1–K4): prune unknown fields, apply defaults, validate, run x-kubernetes-validations.
/// </summary>
/// <remarks>
/// Contract for the emulator core: <see cref="Admit"/> mutates the object in place (pruning
/// and defaulting) and reports what it found. The emulator turns causes into a 422 Invalid Status and
/// unknown fields into `Warning: 299` headers (or 400 under fieldValidation=Strict).
/// Pruning and defaulting cover the whole object on every write, as the decoder does before any
/// strategy runs; a /status write validates only `status` (the core restores everything else).
/// On update, values equal to their stored counterparts are not re-validated (ratcheting), so an
/// object stored under an older, looser schema can still be updated elsewhere.
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
                SchemaValidator.Validate(value, status, "status", causes, Prior.ForKey(oldObj, "status"));
                ListTypeValidator.Validate(value, status, "status", causes);
            }
        }
        else
        {
            SchemaValidator.Validate(obj, _root, "", causes, oldObj is null ? null : new Prior(oldObj));
            ListTypeValidator.Validate(obj, _root, "", causes);
        }
        RunRules(obj, oldObj, statusOnly, causes, unevaluated);
        return new SchemaOutcome(causes, unknown, unevaluated);
    }

    /// <summary>
    /// CEL runs after schema and list-type validation, and not at all when those produced errors that
    /// mean the object's shape cannot be trusted; one extra cause then says so. On a status write only
    /// root rules and rules inside `status` run (upstream runs all, ratcheting the unchanged rest).
    /// </summary>
    private void RunRules(JsonObject obj, JsonObject? oldObj, bool statusOnly, List<FieldCause> causes, List<string> unevaluated)
    {
        if (causes.Any(c => c.Reason is "FieldValueNotSupported" or "FieldValueRequired" or "FieldValueTooLong" or "FieldValueTooMany" or "FieldValueTypeInvalid"))
        {
            causes.Add(FieldErrors.Invalid("", "null", "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            return;
        }
        var ratchet = oldObj is not null && JsonNode.DeepEquals(obj, oldObj);
        new Cel.RuleRunner(causes, unevaluated).Run(obj, oldObj, ratchet, _root, "", isResourceRoot: true, statusOnly ? "status" : null);
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
