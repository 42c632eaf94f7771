using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Endpoints;

/// <summary>
/// The resource routes (P1): `/api/v1/...` and `/apis/{group}/{version}/...` resolved against the registry, then
/// faults, then the verb's handler (<see cref="ResourceVerbs"/>). More specific routes (e.g. the TokenRequest
/// subresource `/api/v1/namespaces/{ns}/serviceaccounts/{name}/token`) can be mapped beside these and win.
/// </summary>
internal sealed class ResourceEndpoints(ClusterState cluster, ResourceVerbs verbs, FaultResponder faults)
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/api/v1/{**rest}", (HttpContext c, string? rest) =>
            c.RequestServices.GetRequiredService<ResourceEndpoints>().HandleAsync(c, "", "v1", rest ?? ""));
        app.Map("/apis/{group}/{version}/{**rest}", (HttpContext c, string group, string version, string? rest) =>
            c.RequestServices.GetRequiredService<ResourceEndpoints>().HandleAsync(c, group, version, rest ?? ""));
    }

    public async Task HandleAsync(HttpContext context, string group, string version, string rest)
    {
        try
        {
            var path = ResourcePath.Parse(group, version, rest);
            var type = path is null ? null : Resolve(path);
            if (path is null || type is null)
            {
                await NotFoundAsync(context, group, version);
                return;
            }
            var verb = Verb(context.Request, path);
            if (type.CreateOnly)
            {
                throw StatusErrors.MethodNotAllowed("the server does not allow this method on the requested resource");
            }
            var outcome = await faults.ApplyAsync(context, verb, type);
            if (outcome != FaultOutcome.Responded)
            {
                await verbs.ServeAsync(context, verb, type, path, outcome == FaultOutcome.ExpireWatch);
            }
        }
        catch (KubeApiException e) when (!context.Response.HasStarted)
        {
            await KubeResponses.WriteErrorAsync(context, e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or a fault aborted the stream): nothing left to answer.
        }
    }

    /// <summary>The resource type, or null for a path nothing serves; throws 404 Status where the real server sends one (P3).</summary>
    private ResourceType? Resolve(ResourcePath path)
    {
        var builtinGroupVersion = ResourceRegistry.IsBuiltinGroupVersion(path.Group, path.Version);
        if (!cluster.Registry.TryFind(path.Group, path.Version, path.Plural, out var type))
        {
            return builtinGroupVersion ? throw StatusErrors.ResourceNotFound() : null;
        }
        var scopeMismatch = (!type.Namespaced && path.Namespace is not null) || (type.Namespaced && path.Namespace is null && path.Name is not null);
        if (scopeMismatch)
        {
            return builtinGroupVersion ? throw StatusErrors.ResourceNotFound() : null;
        }
        if (path.Subresource is not null && !(path.Subresource == "status" && type.HasStatus))
        {
            throw type.IsCustom ? StatusErrors.NotFound(type, path.Name!) : StatusErrors.ResourceNotFound();
        }
        return type;
    }

    private static string Verb(HttpRequest request, ResourcePath path) => request.Method switch
    {
        "GET" when request.Query["watch"] is var w && (w == "true" || w == "1") => "watch",
        "GET" => path.Name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => path.Name is null ? "deletecollection" : "delete",
        _ => "unknown",
    };

    private Task NotFoundAsync(HttpContext context, string group, string version) =>
        ResourceRegistry.IsBuiltinGroupVersion(group, version)
            ? KubeResponses.WriteErrorAsync(context, StatusErrors.ResourceNotFound())
            : KubeResponses.WritePageNotFoundAsync(context);
}
