using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.OpenApi;

/// <summary>
/// `/openapi/v3` and `/openapi/v3/{api/v1 | apis/group/version}` from the live registry, so a CRD's schema is
/// published as soon as it is registered (kubectl explain, kubectl's field-validation check).
/// </summary>
internal sealed class OpenApiEndpoints(ClusterState cluster)
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi/v3", (HttpContext c) => c.RequestServices.GetRequiredService<OpenApiEndpoints>().IndexAsync(c));
        app.MapGet("/openapi/v3/{**groupVersion}", (HttpContext c, string groupVersion) =>
            c.RequestServices.GetRequiredService<OpenApiEndpoints>().GroupVersionAsync(c, groupVersion));
    }

    private Task IndexAsync(HttpContext context) =>
        KubeResponses.WriteJsonAsync(context, 200, OpenApiV3Documents.Index(Resources()));

    private Task GroupVersionAsync(HttpContext context, string groupVersion)
    {
        var resources = Resources().Where(r => r.GroupVersionPath == groupVersion.Trim('/')).ToList();
        return resources.Count == 0
            ? KubeResponses.WritePageNotFoundAsync(context)
            : KubeResponses.WriteJsonAsync(context, 200, OpenApiV3Documents.GroupVersion(resources));
    }

    private List<OpenApiResource> Resources() =>
        [.. cluster.Registry.All.Select(t => new OpenApiResource(t.Group, t.Version, t.Kind, t.Plural, t.Namespaced, Schema(t)))];

    /// <summary>A CRD's own schema; for built-ins a hand-written one, or an open object for kinds nobody explains.</summary>
    private static JsonObject Schema(ResourceType type) =>
        type.Schema?.OpenApiV3Schema is { } crd ? crd : (type.Group, type.Kind) switch
        {
            ("", "Namespace") => BuiltinSchemas.Namespace(),
            ("", "Secret") => BuiltinSchemas.Secret(),
            ("", "ServiceAccount") => BuiltinSchemas.ServiceAccount(),
            ("", "ConfigMap") => BuiltinSchemas.ConfigMap(),
            _ => new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
        };
}
