using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Endpoints;

/// <summary>
/// The emulator's own control API under `/emulator/` (bearer token required), for tests that drive it out of
/// process. Documented in README.md beside this folder.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/emulator/faults", async (HttpContext c, FaultInjector faults) =>
        {
            var body = await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted) as JsonObject
                ?? throw StatusErrors.BadRequest("expected a JSON object");
            var rule = ParseRule(body);
            faults.Add(rule);
            await KubeResponses.WriteJsonAsync(c, 201, body);
        });
        app.MapDelete("/emulator/faults", (HttpContext c, FaultInjector faults) =>
        {
            faults.Clear();
            return KubeResponses.WriteJsonAsync(c, 200, new JsonObject { ["cleared"] = true });
        });
        app.MapPost("/emulator/watches/end", async (HttpContext c, FaultInjector faults) =>
        {
            var body = c.Request.ContentLength > 0 ? await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted) : null;
            var ended = faults.EndWatches(body?["abrupt"].AsBool() ?? false, body?["resource"]?.GetValue<string>());
            await KubeResponses.WriteJsonAsync(c, 200, new JsonObject { ["ended"] = ended });
        });
        app.MapPost("/emulator/compact", (HttpContext c, ClusterState cluster) =>
        {
            cluster.Store.Compact();
            return KubeResponses.WriteJsonAsync(c, 200, new JsonObject { ["compactedRevision"] = cluster.Store.CompactedRevision });
        });
    }

    private static FaultRule ParseRule(JsonObject body)
    {
        var kindText = body["kind"]?.GetValue<string>() ?? "Error";
        if (!Enum.TryParse<FaultKind>(kindText, ignoreCase: true, out var kind))
        {
            throw StatusErrors.BadRequest($"unknown fault kind \"{kindText}\"; expected one of {string.Join(", ", Enum.GetNames<FaultKind>())}");
        }
        return new FaultRule(kind)
        {
            Verb = body["verb"]?.GetValue<string>(),
            Resource = body["resource"]?.GetValue<string>(),
            Count = body["count"]?.AsInt(),
            StatusCode = body["statusCode"]?.AsInt() ?? 500,
            RetryAfterSeconds = body["retryAfterSeconds"]?.AsInt() ?? 1,
            Latency = TimeSpan.FromMilliseconds(body["latencyMilliseconds"]?.GetValue<double>() ?? 0),
            Message = body["message"]?.GetValue<string>(),
        };
    }
}
