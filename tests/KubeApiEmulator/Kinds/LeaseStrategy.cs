using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>coordination.k8s.io/v1 Leases (E1): create-on-PUT, RV required on update, MicroTime fields, no expiry.</summary>
internal sealed class LeaseStrategy : IResourceStrategy
{
    public static LeaseStrategy Instance { get; } = new();

    public bool AllowCreateOnUpdate => true;

    public string? DecodeError(JsonObject obj) =>
        MicroTime.CheckField(obj["spec"]?["acquireTime"], "Lease") ?? MicroTime.CheckField(obj["spec"]?["renewTime"], "Lease");

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        if (obj["spec"] is not JsonObject spec)
        {
            return causes;
        }
        if (spec["leaseDurationSeconds"] is JsonValue duration && duration.AsLong()!.Value <= 0)
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: {duration.ToJsonString()}: must be greater than 0", "spec.leaseDurationSeconds"));
        }
        if (spec["leaseTransitions"] is JsonValue transitions && transitions.AsLong()!.Value < 0)
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: {transitions.ToJsonString()}: must be greater than or equal to 0", "spec.leaseTransitions"));
        }
        if (spec["preferredHolder"] is JsonValue && spec["strategy"] is null)
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: preferredHolder can only be set if strategy is set", "spec.preferredHolder"));
        }
        return causes;
    }
}
