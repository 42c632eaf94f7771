using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Selectors;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>GET of one object and of lists: resourceVersion semantics (R2, R5), selectors (L1, L2), pages (L3).</summary>
internal sealed class ObjectReader(ClusterState cluster)
{
    public JsonObject Get(ResourceType type, string? ns, string name) =>
        cluster.Store.Get(type.StorageKey, new ObjectKey(type.Namespaced ? ns ?? "" : "", name))
        ?? throw StatusErrors.NotFound(type, name);

    public JsonObject List(ResourceType type, string? ns, ListRequest request)
    {
        var (revision, startKey) = ReadPoint(request);
        lock (cluster.Store.Gate)
        {
            var current = cluster.Store.Revision;
            if (revision > current)
            {
                throw StatusErrors.New(504, "Timeout", $"Too large resource version: {revision}, current: {current}",
                    new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }), ["retryAfterSeconds"] = 1 }, 1);
            }
            var exact = revision > 0 && (request.Continue is not null || request.ResourceVersionMatch == "Exact" || (request.Limit > 0 && request.ResourceVersionMatch is null));
            var state = exact ? cluster.Store.StateAt(type.StorageKey, revision) : cluster.Store.StateAt(type.StorageKey, current);
            if (state is null)
            {
                throw request.Continue is not null
                    ? StatusErrors.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
                    : StatusErrors.Expired($"too old resource version: {revision} ({cluster.Store.CompactedRevision + 1})");
            }
            var listRevision = exact ? revision : current;
            // One pass in key order: the page's items, then only a count of what remains (remainingItemCount), or with
            // selectors only whether one more matches (real servers give no count then).
            var page = new List<JsonObject>();
            var remaining = 0;
            foreach (var (key, obj) in state)
            {
                if ((ns is not null && key.Namespace != ns) || (startKey is not null && key.CompareTo(startKey) < 0) || !request.Matches(obj))
                {
                    continue;
                }
                if (request.Limit <= 0 || page.Count < request.Limit)
                {
                    page.Add(obj);
                    continue;
                }
                remaining++;
                if (request.HasSelectors)
                {
                    break;
                }
            }
            return Page(type, page, remaining, listRevision, request);
        }
    }

    private static (long Revision, string? StartKey) ReadPoint(ListRequest request)
    {
        if (request.Continue is not null)
        {
            var token = ContinueToken.Decode(request.Continue);
            return (token.Revision, token.StartKey);
        }
        if (request.ResourceVersion is null or "0")
        {
            return (0, null);
        }
        return long.TryParse(request.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? (rv, null)
            : throw StatusErrors.BadRequest($"invalid resource version: strconv.ParseUint: parsing \"{request.ResourceVersion}\": invalid syntax");
    }

    private static JsonObject Page(ResourceType type, List<JsonObject> page, int remaining, long revision, ListRequest request)
    {
        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (remaining > 0)
        {
            var last = page[^1]["metadata"]!;
            var lastKey = new ObjectKey(last["namespace"]?.GetValue<string>() ?? "", last["name"]!.GetValue<string>());
            metadata["continue"] = new ContinueToken(revision, lastKey.ToContinueKey() + "\u0000").Encode();
            if (!request.HasSelectors)
            {
                metadata["remainingItemCount"] = remaining;
            }
        }
        var items = new JsonArray();
        foreach (var item in page)
        {
            items.Add(ObjectView.ForListItem(type, item));
        }
        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        };
    }
}
