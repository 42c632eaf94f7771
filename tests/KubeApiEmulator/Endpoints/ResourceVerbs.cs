using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Watch;

namespace Operator.Testing.KubeApi.Endpoints;

/// <summary>Serves one verb on a resolved resource: decodes the body, runs the operation, shapes and writes the answer (P2).</summary>
internal sealed class ResourceVerbs(
    ObjectReader reader,
    ObjectCreator creator,
    ObjectUpdater updater,
    ObjectPatcher patcher,
    ObjectDeleter deleter,
    CollectionDeleter collectionDeleter,
    WatchStream watches,
    RequestBodyDecoders decoders,
    IEnumerable<IResponseShaper> shapers)
{
    public async Task ServeAsync(HttpContext context, string verb, ResourceType type, ResourcePath path, bool forceExpired)
    {
        var request = context.Request;
        var ct = context.RequestAborted;
        switch (verb)
        {
            case "get":
                await WriteShapedAsync(context, type, ObjectView.ForVersion(type, reader.Get(type, path.Namespace, path.Name!)), false);
                break;
            case "list":
                await WriteShapedAsync(context, type, reader.List(type, path.Namespace, ListRequest.From(request.Query, type, watch: false)), true);
                break;
            case "watch":
                await watches.ServeAsync(context, type, path.Namespace, path.Name, ListRequest.From(request.Query, type, watch: true), forceExpired);
                break;
            case "create" when path.Name is null:
                await WriteResultAsync(context, type, creator.Create(type, path.Namespace, await decoders.DecodeObjectAsync(request, ct), Options(request)));
                break;
            case "update" when path.Name is not null:
                await WriteResultAsync(context, type,
                    updater.Update(type, path.Namespace, path.Name, path.Subresource, await decoders.DecodeObjectAsync(request, ct), Options(request)));
                break;
            case "patch" when path.Name is not null:
                var patch = await decoders.DecodeAsync(request, ct);
                await WriteResultAsync(context, type, patcher.Patch(type, path.Namespace, path.Name, path.Subresource,
                    RequestBodyDecoders.MediaType(request), patch, request.Query, Options(request)));
                break;
            case "delete":
                var result = deleter.Delete(type, path.Namespace, path.Name!, Operations.DeleteOptions.From(await DecodeOptionalAsync(request, ct), request.Query));
                await KubeResponses.WriteJsonAsync(context, result.Code, result.Body);
                break;
            case "deletecollection" when path.Subresource is null:
                var deleted = collectionDeleter.Delete(type, path.Namespace, ListRequest.From(request.Query, type, watch: false),
                    Operations.DeleteOptions.From(await DecodeOptionalAsync(request, ct), request.Query));
                await KubeResponses.WriteJsonAsync(context, 200, deleted);
                break;
            default:
                throw StatusErrors.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private static WriteOptions Options(HttpRequest request) => new(
        string.IsNullOrEmpty(request.Query["fieldValidation"]) ? "Warn" : request.Query["fieldValidation"].ToString(),
        request.Query["dryRun"].Count > 0);

    private async Task<JsonNode?> DecodeOptionalAsync(HttpRequest request, CancellationToken ct) =>
        request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null) ? null : await decoders.DecodeAsync(request, ct);

    private static Task WriteResultAsync(HttpContext context, ResourceType type, WriteResult result) =>
        KubeResponses.WriteJsonAsync(context, result.Created ? 201 : 200, ObjectView.ForVersion(type, result.Object), result.Warnings);

    private Task WriteShapedAsync(HttpContext context, ResourceType type, JsonObject body, bool isList)
    {
        var shaper = shapers.FirstOrDefault(s => s.CanShape(context.Request));
        return KubeResponses.WriteJsonAsync(context, 200, shaper is null ? body : shaper.Shape(context.Request, type, body, isList));
    }
}
