using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Watch;

/// <summary>The JSON lines of a watch body (W1, W2, W5, W6): one compact event per line.</summary>
internal static class WatchLines
{
    public static byte[] Event(string type, JsonObject obj) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString(KubeJson.Options) + "\n");

    public static byte[] Bookmark(ResourceType type, long revision, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        return Event("BOOKMARK", new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata });
    }
}
