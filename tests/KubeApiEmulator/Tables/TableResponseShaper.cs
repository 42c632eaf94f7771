using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Tables;

/// <summary>Answers `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (kubectl get) with a Table (K5).</summary>
/// <param name="crdVersionOf">The served `spec.versions[]` entry of a custom resource's CRD, for its printer columns.</param>
internal sealed class TableResponseShaper(Func<ResourceType, JsonObject?> crdVersionOf, TimeProvider time) : IResponseShaper
{
    public bool CanShape(HttpRequest request) => TableResponse.IsRequested(request.Headers.Accept.ToString());

    public JsonNode Shape(HttpRequest request, ResourceType type, JsonObject body, bool isList)
    {
        var items = isList ? [.. (body["items"] as JsonArray ?? []).OfType<JsonObject>()] : new List<JsonObject> { body };
        var listMetadata = isList ? (body["metadata"] as JsonObject ?? []) : [];
        var crdVersion = type.IsCustom ? crdVersionOf(type) ?? [] : null;
        return TableResponse.Build(items, type.Group, type.Plural, crdVersion, request.Query["includeObject"].ToString() is { Length: > 0 } include ? include : null,
            listMetadata, time);
    }

    /// <summary>
    /// A watch that asks for Tables (kubectl get -w) gets each event's object as a one-row Table. As kube-apiserver
    /// does (NoHeaders after the first event), only the first event of a watch carries the column definitions.
    /// </summary>
    public JsonObject ShapeWatchObject(HttpRequest request, ResourceType type, JsonObject obj)
    {
        var table = (JsonObject)Shape(request, type, obj, isList: false);
        if (!request.HttpContext.Items.TryAdd(s_columnsSent, true))
        {
            table["columnDefinitions"] = null;
        }

        return table;
    }

    private static readonly object s_columnsSent = new();
}
