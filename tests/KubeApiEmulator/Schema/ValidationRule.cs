using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>One entry of `x-kubernetes-validations`.</summary>
internal sealed record ValidationRule(string Rule, string? Message, string? MessageExpression, string? Reason, string? FieldPath, bool OptionalOldSelf)
{
    public static ValidationRule Parse(JsonObject o) => new(
        (string?)o["rule"] ?? "",
        (string?)o["message"],
        (string?)o["messageExpression"],
        (string?)o["reason"],
        (string?)o["fieldPath"],
        o["optionalOldSelf"] is JsonValue v && v.TryGetValue(out bool optional) && optional);
}
