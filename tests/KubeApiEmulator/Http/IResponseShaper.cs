using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Http;

/// <summary>
/// Seam for response forms chosen by the Accept header, e.g. `application/json;as=Table;g=meta.k8s.io;v=v1`
/// (kubectl get). The first shaper whose <see cref="CanShape"/> is true rewrites GET/list bodies; without one
/// the plain JSON object or list goes out. Register more in Server/EmulatorHost.cs.
/// </summary>
internal interface IResponseShaper
{
    bool CanShape(HttpRequest request);

    /// <param name="body">The object or list about to be sent.</param>
    /// <param name="isList">True for a list body (items under `items`).</param>
    JsonNode Shape(HttpRequest request, ResourceType type, JsonObject body, bool isList);

    /// <summary>
    /// The `object` of an ADDED/MODIFIED/DELETED watch event (kubectl get -w asks for Tables on watches too);
    /// BOOKMARK and ERROR objects are not passed. Default: unchanged.
    /// </summary>
    JsonObject ShapeWatchObject(HttpRequest request, ResourceType type, JsonObject obj) => obj;
}
