using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Watch;

/// <summary>
/// Turns store events into the events one watch sees (W2): namespace and selector filtering with transitions
/// (starts matching → ADDED, stops matching → DELETED carrying the old object at the new revision).
/// </summary>
/// <param name="shape">Optional response shaping of event objects (the Table seam), applied last.</param>
internal sealed class WatchEventFilter(ResourceType type, string? ns, ListRequest request, Func<JsonObject, JsonObject>? shape = null)
{
    public (string Type, JsonObject Object)? Apply(StoreEvent e)
    {
        if (ns is not null && e.Namespace != ns)
        {
            return null;
        }
        var nowMatches = e.Type != StoreEventType.Deleted && request.Matches(e.Object);
        var wasMatching = e.Previous is not null && request.Matches(e.Previous);
        return e.Type switch
        {
            StoreEventType.Added when nowMatches => ("ADDED", View(e.Object)),
            StoreEventType.Modified when nowMatches && wasMatching => ("MODIFIED", View(e.Object)),
            StoreEventType.Modified when nowMatches => ("ADDED", View(e.Object)),
            StoreEventType.Modified when wasMatching => ("DELETED", AtRevision(e.Previous!, e.Revision)),
            StoreEventType.Deleted when request.Matches(e.Object) => ("DELETED", View(e.Object)),
            _ => null,
        };
    }

    private JsonObject View(JsonObject stored)
    {
        var view = ObjectView.ForVersion(type, stored);
        return shape is null ? view : shape(view);
    }

    private JsonObject AtRevision(JsonObject previous, long revision)
    {
        var view = ObjectView.ForVersion(type, previous);
        view["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        return shape is null ? view : shape(view);
    }
}
