using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>core/v1 Events (E3, legacyValidateEvent): unconditional update, create-on-PUT, involvedObject namespace.</summary>
internal sealed class CoreEventStrategy : IResourceStrategy
{
    public static CoreEventStrategy Instance { get; } = new();

    public bool AllowUnconditionalUpdate => true;

    public bool AllowCreateOnUpdate => true;

    public string? DecodeError(JsonObject obj) => MicroTime.CheckField(obj["eventTime"], "Event");

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? "";
        var involvedNs = obj["involvedObject"]?["namespace"]?.GetValue<string>() ?? "";
        if (involvedNs != ns)
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{involvedNs}\": does not match event.namespace", "involvedObject.namespace"));
        }
        if (obj["eventTime"] is not null)
        {
            Require(obj, "reportingComponent", 0, causes);
            Require(obj, "reportingInstance", 128, causes);
            Require(obj, "action", 128, causes);
            Require(obj, "reason", 128, causes);
            var message = obj["message"]?.GetValue<string>() ?? "";
            if (message.Length > 1024)
            {
                causes.Add(new("FieldValueTooLong", "Too long: may not be more than 1024 bytes", "message"));
            }
        }
        return causes;
    }

    private static void Require(JsonObject obj, string field, int max, List<FieldCause> causes)
    {
        var value = obj[field]?.GetValue<string>() ?? "";
        if (value.Length == 0)
        {
            causes.Add(new("FieldValueRequired", "Required value", field));
        }
        else if (max > 0 && value.Length > max)
        {
            causes.Add(new("FieldValueTooLong", $"Too long: may not be more than {max} bytes", field));
        }
    }
}
