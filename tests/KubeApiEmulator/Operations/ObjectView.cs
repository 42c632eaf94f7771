using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>How a stored object is shown for one served version (apiVersion rewritten; no conversion webhooks).</summary>
internal static class ObjectView
{
    public static JsonObject ForVersion(ResourceType type, JsonObject stored)
    {
        var view = (JsonObject)stored.DeepClone();
        if (view["apiVersion"] is not null)
        {
            view["apiVersion"] = type.ApiVersion;
        }
        return view;
    }

    /// <summary>Built-in list items omit kind/apiVersion; custom resources keep them (R2).</summary>
    public static JsonObject ForListItem(ResourceType type, JsonObject stored)
    {
        var view = ForVersion(type, stored);
        if (!type.IsCustom)
        {
            view.Remove("kind");
            view.Remove("apiVersion");
        }
        return view;
    }
}
