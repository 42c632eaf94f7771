using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tables;

/// <summary>One `columnDefinitions` entry of a meta.k8s.io/v1 Table, with how to fill its cell.</summary>
/// <param name="Cell">The cell for one object (Age columns read the clock); null prints `&lt;none&gt;`.</param>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, TimeProvider, JsonNode?> Cell)
{
    public JsonObject Definition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
