using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>DELETE on a collection: deletes every matching object like single deletes; answers with the list of them.</summary>
internal sealed class CollectionDeleter(ClusterState cluster, ObjectDeleter deleter)
{
    public JsonObject Delete(ResourceType type, string? ns, ListRequest request, DeleteOptions options)
    {
        var items = new JsonArray();
        lock (cluster.Store.Gate)
        {
            foreach (var obj in cluster.Store.List(type.StorageKey, ns).Items.Where(request.Matches))
            {
                try
                {
                    var result = deleter.Delete(type, ns, obj["metadata"]!["name"]!.GetValue<string>(), options);
                    items.Add(ObjectView.ForListItem(type, result.Body["kind"]?.GetValue<string>() == "Status" ? obj : result.Body));
                }
                catch (KubeApiException e) when (e.Code == 404)
                {
                    // Deleted meanwhile: nothing to report for it.
                }
            }
            return new JsonObject
            {
                ["kind"] = type.ListKind,
                ["apiVersion"] = type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = cluster.Store.Revision.ToString(CultureInfo.InvariantCulture) },
                ["items"] = items,
            };
        }
    }
}
