using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.OpenApi;

/// <summary>
/// `/openapi/v3` and `/openapi/v3/{api/v1 | apis/group/version}`, which `kubectl explain` reads, and which
/// kubectl's field-validation check reads: it looks for a PATCH operation tagged with the object's
/// `x-kubernetes-group-version-kind` that accepts the `fieldValidation` query parameter.
/// </summary>
internal static class OpenApiV3Documents
{
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>The index: each group-version with a content-hashed URL (clients cache on it).</summary>
    public static JsonObject Index(IEnumerable<OpenApiResource> resources)
    {
        var paths = new JsonObject();
        foreach (var group in resources.GroupBy(r => r.GroupVersionPath).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var hash = Hash(GroupVersion(group));
            paths[group.Key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{group.Key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject GroupVersion(IEnumerable<OpenApiResource> resources)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject { [ObjectMetaName] = BuiltinSchemas.ObjectMeta() };
        foreach (var resource in resources)
        {
            schemas[resource.SchemaName] = Published(resource);
            foreach (var (path, item) in OpenApiPaths.For(resource))
            {
                paths[path] = item;
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>The schema as served: metadata points at ObjectMeta, the type names its GVK.</summary>
    private static JsonObject Published(OpenApiResource resource)
    {
        var schema = (JsonObject)resource.Schema.DeepClone();
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] ??= new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
        properties["kind"] ??= new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
        properties["metadata"] = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{ObjectMetaName}" }),
            ["default"] = new JsonObject(),
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(OpenApiPaths.GroupVersionKind(resource));
        return schema;
    }

    private static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
}
