using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tables;

/// <summary>
/// Shapes get/list answers as a `meta.k8s.io/v1` Table when the client asks for one (docs/emulators.md §1.4, K5):
/// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, as kubectl get does.
/// </summary>
internal static class TableResponse
{
    /// <summary>True when the Accept header's first acceptable type is a v1 Table (kubectl also lists
    /// v1beta1 and plain JSON after it as fallbacks).</summary>
    public static bool IsRequested(string? accept) =>
        accept is not null && accept.Split(',').Any(range =>
        {
            var parts = range.Split(';').Select(p => p.Trim()).ToList();
            return parts[0] is "application/json" or "*/*"
                && parts.Contains("as=Table") && parts.Contains("v=v1") && parts.Contains("g=meta.k8s.io");
        });

    public const string ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <param name="items">The objects (a single get passes one).</param>
    /// <param name="includeObject">The `includeObject` query value: None, Metadata (default) or Object.</param>
    /// <param name="listMetadata">The list's `metadata` (resourceVersion, continue), or an empty object for a get.</param>
    public static JsonObject Build(
        IReadOnlyList<JsonObject> items, string group, string plural, JsonObject? crdVersion,
        string? includeObject, JsonObject listMetadata, TimeProvider time)
    {
        var columns = crdVersion is null ? PrinterColumns.ForBuiltin(group, plural) : PrinterColumns.ForCustomResource(crdVersion);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => c.Cell(item, time))]) };
            if (RowObject(item, includeObject) is { } obj)
            {
                row["object"] = obj;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata.DeepClone(),
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => c.Definition())]),
            ["rows"] = rows,
        };
    }

    private static JsonObject? RowObject(JsonObject item, string? includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => (JsonObject)item.DeepClone(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = item["metadata"]?.DeepClone(),
        },
    };
}
