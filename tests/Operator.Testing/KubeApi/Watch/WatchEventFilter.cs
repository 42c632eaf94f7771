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
internal sealed class WatchEventFilter(ResourceType type, string? ns, ListRequest request)
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

    private JsonObject View(JsonObject stored) => ObjectView.ForVersion(type, stored);

    private JsonObject AtRevision(JsonObject previous, long revision)
    {
        var view = View(previous);
        view["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        return view;
    }
}
