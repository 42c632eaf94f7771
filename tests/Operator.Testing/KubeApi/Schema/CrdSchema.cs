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
/// This placeholder accepts everything; the schema work replaces its body.
/// </remarks>
public sealed class CrdSchema
{
    private CrdSchema(JsonObject openApiV3Schema) => OpenApiV3Schema = openApiV3Schema;

    /// <summary>The version's `schema.openAPIV3Schema`, as applied.</summary>
    public JsonObject OpenApiV3Schema { get; }

    public static CrdSchema Parse(JsonObject openApiV3Schema) => new(openApiV3Schema);

    /// <param name="obj">The whole object being written (apiVersion, kind, metadata, spec, status...).</param>
    /// <param name="oldObj">The stored object on update (for `oldSelf` rules); null on create.</param>
    /// <param name="statusOnly">True for writes to the /status subresource: only `status` is validated.</param>
    public SchemaOutcome Admit(JsonObject obj, JsonObject? oldObj, bool statusOnly) => SchemaOutcome.Accepted;
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
