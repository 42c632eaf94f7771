using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Operations;

namespace Operator.Testing.KubeApi.Endpoints;

/// <summary>Legacy (unaggregated) discovery (P5): `/api`, `/api/v1`, `/apis`, `/apis/{group}`, `/apis/{group}/{version}`.</summary>
internal static class DiscoveryEndpoints
{
    private static readonly JsonArray s_verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api", (HttpContext c) => KubeResponses.WriteJsonAsync(c, 200, new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "10.0.0.1:6443" }),
        }));
        app.MapGet("/api/v1", (HttpContext c, ClusterState cluster) => KubeResponses.WriteJsonAsync(c, 200, ResourceList(cluster, "", "v1")));
        app.MapGet("/apis", (HttpContext c, ClusterState cluster) => KubeResponses.WriteJsonAsync(c, 200, new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray([.. Groups(cluster).Select(g => (JsonNode)Group(g.Key, g.Value))]),
        }));
        app.MapGet("/apis/{group}", (HttpContext c, string group, ClusterState cluster) =>
            Groups(cluster).TryGetValue(group, out var versions)
                ? KubeResponses.WriteJsonAsync(c, 200, Group(group, versions, withTypeMeta: true))
                : KubeResponses.WritePageNotFoundAsync(c));
        app.MapGet("/apis/{group}/{version}", (HttpContext c, string group, string version, ClusterState cluster) =>
            cluster.Registry.All.Any(t => t.Group == group && t.Version == version)
                ? KubeResponses.WriteJsonAsync(c, 200, ResourceList(cluster, group, version))
                : KubeResponses.WritePageNotFoundAsync(c));
    }

    private static SortedDictionary<string, List<string>> Groups(ClusterState cluster)
    {
        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var type in cluster.Registry.All.Where(t => t.Group.Length > 0))
        {
            if (!groups.TryGetValue(type.Group, out var versions))
            {
                versions = [];
                groups[type.Group] = versions;
            }
            if (!versions.Contains(type.Version))
            {
                versions.Add(type.Version);
            }
        }
        return groups;
    }

    private static JsonObject Group(string name, List<string> versions, bool withTypeMeta = false)
    {
        var list = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v })]);
        var group = new JsonObject();
        if (withTypeMeta)
        {
            group["kind"] = "APIGroup";
            group["apiVersion"] = "v1";
        }
        group["name"] = name;
        group["versions"] = list;
        group["preferredVersion"] = list[0]!.DeepClone();
        return group;
    }

    private static JsonObject ResourceList(ClusterState cluster, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in cluster.Registry.All.Where(t => t.Group == group && t.Version == version))
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = type.CreateOnly ? new JsonArray("create") : s_verbs.DeepClone(),
            };
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(s => (JsonNode)s)]);
            }
            resources.Add(resource);
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{type.Plural}/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }
        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
        {
            list["apiVersion"] = "v1";
        }
        list["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        list["resources"] = resources;
        return list;
    }
}
