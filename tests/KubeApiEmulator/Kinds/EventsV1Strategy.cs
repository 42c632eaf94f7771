using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>
/// events.k8s.io/v1 Events (E4, basic): required fields and series rules on create. Simplified: stored apart from
/// core/v1 Events (no conversion between the two shapes) and update immutability is not checked.
/// </summary>
internal sealed class EventsV1Strategy : IResourceStrategy
{
    public static EventsV1Strategy Instance { get; } = new();

    public bool AllowUnconditionalUpdate => true;

    public bool AllowCreateOnUpdate => true;

    public string? DecodeError(JsonObject obj) => MicroTime.CheckField(obj["eventTime"], "Event");

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        if (obj["eventTime"] is null)
        {
            causes.Add(new("FieldValueRequired", "Required value", "eventTime"));
        }
        var type = obj["type"]?.GetValue<string>() ?? "";
        if (type is not ("Normal" or "Warning"))
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{type}\": has invalid value: {type}", "type"));
        }
        foreach (var field in new[] { "reportingController", "reportingInstance", "action", "reason" })
        {
            if ((obj[field]?.GetValue<string>() ?? "").Length == 0)
            {
                causes.Add(new("FieldValueRequired", "Required value", field));
            }
        }
        foreach (var field in new[] { "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp" })
        {
            if (obj[field] is JsonObject or JsonValue && obj[field]!.ToJsonString() is not ("{}" or "null"))
            {
                causes.Add(new("FieldValueInvalid", "Invalid value: \"\": needs to be unset", field));
            }
        }
        if (obj["series"] is JsonObject series && (series["count"]?.AsInt() ?? 0) < 2)
        {
            causes.Add(new("FieldValueInvalid", "Invalid value: \"\": should be at least 2", "series.count"));
        }
        return causes;
    }
}
