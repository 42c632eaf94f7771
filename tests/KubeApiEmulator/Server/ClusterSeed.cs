using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Server;

/// <summary>
/// The objects a fresh cluster has: the configured namespaces, each with ServiceAccount `default` (P4), and the part of
/// kube-apiserver's bootstrap RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go) that authenticated
/// users rely on: system:discovery, system:basic-user (self reviews), system:public-info-viewer, and the aggregated
/// user-facing ClusterRoles cluster-admin, admin, edit and view (their rules are whatever aggregates into them).
/// </summary>
internal static class ClusterSeed
{
    public static void Apply(ClusterState cluster)
    {
        var creator = new ObjectCreator(cluster);
        foreach (var ns in cluster.Options.Namespaces)
        {
            creator.Create(BuiltinResources.Namespaces, null, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
            }, WriteOptions.Default);
            creator.Create(BuiltinResources.ServiceAccounts, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } },
                WriteOptions.Default);
        }
        foreach (var role in BootstrapClusterRoles())
        {
            creator.Create(BuiltinResources.ClusterRoles, null, role, WriteOptions.Default);
        }
        foreach (var (name, role, group) in new[]
        {
            ("cluster-admin", "cluster-admin", "system:masters"),
            ("system:discovery", "system:discovery", "system:authenticated"),
            ("system:basic-user", "system:basic-user", "system:authenticated"),
            ("system:public-info-viewer", "system:public-info-viewer", "system:authenticated"),
        })
        {
            creator.Create(BuiltinResources.ClusterRoleBindings, null, new JsonObject
            {
                ["metadata"] = Meta(name),
                ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
                ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = group }),
            }, WriteOptions.Default);
        }
    }

    private static JsonObject Meta(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
    };

    private static JsonObject Rule(string[] verbs, string[]? groups = null, string[]? resources = null, string[]? urls = null)
    {
        var rule = new JsonObject { ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]) };
        if (groups is not null)
        {
            rule["apiGroups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]);
            rule["resources"] = new JsonArray([.. resources!.Select(r => (JsonNode)r)]);
        }
        if (urls is not null)
        {
            rule["nonResourceURLs"] = new JsonArray([.. urls.Select(u => (JsonNode)u)]);
        }
        return rule;
    }

    private static IEnumerable<JsonObject> BootstrapClusterRoles()
    {
        yield return new() { ["metadata"] = Meta("cluster-admin"), ["rules"] = new JsonArray(Rule(["*"], ["*"], ["*"]), Rule(["*"], urls: ["*"])) };
        yield return new()
        {
            ["metadata"] = Meta("system:discovery"),
            ["rules"] = new JsonArray(Rule(["get"], urls: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*",
                "/readyz", "/version", "/version/"])),
        };
        yield return new()
        {
            ["metadata"] = Meta("system:basic-user"),
            ["rules"] = new JsonArray(Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])),
        };
        yield return new()
        {
            ["metadata"] = Meta("system:public-info-viewer"),
            ["rules"] = new JsonArray(Rule(["get"], urls: ["/healthz", "/livez", "/readyz", "/version", "/version/"])),
        };
        foreach (var name in new[] { "admin", "edit", "view" })
        {
            yield return new()
            {
                ["metadata"] = Meta(name),
                ["aggregationRule"] = new JsonObject
                {
                    ["clusterRoleSelectors"] = new JsonArray(new JsonObject
                    {
                        ["matchLabels"] = new JsonObject { [$"rbac.authorization.k8s.io/aggregate-to-{name}"] = "true" },
                    }),
                },
                ["rules"] = new JsonArray(),
            };
        }
    }
}
