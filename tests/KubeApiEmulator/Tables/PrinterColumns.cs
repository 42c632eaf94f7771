using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema.Printing;

namespace Operator.Testing.KubeApi.Tables;

/// <summary>
/// The columns kube-apiserver prints for a resource: a CRD's `additionalPrinterColumns` after Name, Name and
/// Age for a CRD without them, and the familiar ones for the built-ins kubectl users look at.
/// </summary>
internal static class PrinterColumns
{
    private const string NameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private const string AgeDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.";

    public static TableColumn Name { get; } = new("Name", "string", "name", NameDescription, 0, (o, _) => o["metadata"]?["name"]?.DeepClone());

    private static readonly JsonPathExpression s_creationTimestamp = JsonPathExpression.Parse(".metadata.creationTimestamp");

    public static TableColumn Age { get; } =
        new("Age", "string", "", AgeDescription, 0, (o, time) => PrinterColumnCell.Compute("date", s_creationTimestamp, o, time));

    /// <param name="crdVersion">The served version entry of the CRD (`spec.versions[i]`).</param>
    public static IReadOnlyList<TableColumn> ForCustomResource(JsonObject crdVersion)
    {
        if (crdVersion["additionalPrinterColumns"] is not JsonArray { Count: > 0 } declared)
        {
            return [Name, Age];
        }

        return [Name, .. declared.OfType<JsonObject>().Select(Declared)];
    }

    /// <summary>Columns for a built-in resource by plural; Name and Age for those without a printer of their own.</summary>
    public static IReadOnlyList<TableColumn> ForBuiltin(string group, string plural) => (group, plural) switch
    {
        ("", "namespaces") => [Name, Column("Status", "The status of the namespace", o => o["status"]?["phase"]?.DeepClone()), Age],
        ("", "secrets") => [Name, Column("Type", "The type of the secret", o => o["type"]?.DeepClone()),
            Column("Data", "The number of entries in the secret", o => Count(o["data"]), "integer"), Age],
        ("", "configmaps") => [Name, Column("Data", "The number of entries in the ConfigMap", o => Count(o["data"]) + Count(o["binaryData"]), "integer"), Age],
        ("", "serviceaccounts") => [Name, Column("Secrets", "The number of secrets", o => Count(o["secrets"]), "integer"), Age],
        ("apiextensions.k8s.io", "customresourcedefinitions") =>
            [Name, new TableColumn("Created At", "date", "", AgeDescription, 0, (o, _) => o["metadata"]?["creationTimestamp"]?.DeepClone())],
        ("coordination.k8s.io", "leases") => [Name, Column("Holder", "The holder of the lease", o => o["spec"]?["holderIdentity"]?.DeepClone()), Age],
        _ => [Name, Age],
    };

    private static TableColumn Column(string name, string description, Func<JsonObject, JsonNode?> cell, string type = "string") =>
        new(name, type, "", description, 0, (o, _) => cell(o));

    private static TableColumn Declared(JsonObject column)
    {
        var type = column["type"]?.GetValue<string>() ?? "string";
        var path = JsonPathExpression.Parse(column["jsonPath"]?.GetValue<string>() ?? "");
        return new TableColumn(
            column["name"]?.GetValue<string>() ?? "",
            type,
            column["format"]?.GetValue<string>() ?? "",
            column["description"]?.GetValue<string>() ?? "",
            column["priority"]?.GetValue<int>() ?? 0,
            (o, time) => PrinterColumnCell.Compute(type, path, o, time));
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };
}
