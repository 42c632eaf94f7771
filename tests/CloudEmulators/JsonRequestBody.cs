using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Operator.Testing.Clouds;

/// <summary>Reads a request body that must be a JSON object, as the login services the emulators stand in for expect.</summary>
internal static class JsonRequestBody
{
    /// <returns>The object, or null when the body is not JSON or not an object (the caller answers 400).</returns>
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
