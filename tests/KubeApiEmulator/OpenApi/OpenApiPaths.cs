using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.OpenApi;

/// <summary>
/// The `paths` of a group-version document: just enough operations for clients that inspect them
/// (kubectl's query-parameter verifier), each tagged with its GVK as kube-apiserver tags them.
/// </summary>
internal static class OpenApiPaths
{
    public static JsonObject GroupVersionKind(OpenApiResource r) =>
        new() { ["group"] = r.Group, ["kind"] = r.Kind, ["version"] = r.Version };

    public static IEnumerable<(string Path, JsonObject Item)> For(OpenApiResource r)
    {
        var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
        var collection = r.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{r.Plural}" : $"{prefix}/{r.Plural}";
        var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{r.SchemaName}" };
        yield return (collection, new JsonObject
        {
            ["get"] = Operation(r, "list", null, "watch", "labelSelector", "fieldSelector", "limit", "continue", "resourceVersion"),
            ["post"] = Operation(r, "post", reference, "dryRun", "fieldManager", "fieldValidation"),
        });
        yield return ($"{collection}/{{name}}", new JsonObject
        {
            ["get"] = Operation(r, "get", null),
            ["put"] = Operation(r, "put", reference, "dryRun", "fieldManager", "fieldValidation"),
            ["patch"] = Operation(r, "patch", null, "dryRun", "fieldManager", "fieldValidation", "force"),
            ["delete"] = Operation(r, "delete", null, "dryRun", "gracePeriodSeconds", "propagationPolicy"),
        });
    }

    private static JsonObject Operation(OpenApiResource r, string action, JsonObject? body, params string[] queryParameters)
    {
        var operation = new JsonObject
        {
            ["parameters"] = new JsonArray([.. queryParameters.Select(Query)]),
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = GroupVersionKind(r),
        };
        if (body is not null)
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = body.DeepClone() } },
                ["required"] = true,
            };
        }

        return operation;
    }

    private static JsonNode Query(string name) => new JsonObject
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = name is "watch" or "force" ? "boolean" : name is "limit" or "gracePeriodSeconds" ? "integer" : "string", ["uniqueItems"] = true },
    };
}
