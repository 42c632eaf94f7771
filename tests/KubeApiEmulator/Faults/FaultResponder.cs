using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Faults;

internal enum FaultOutcome
{
    None,
    Responded,
    ExpireWatch,
}

/// <summary>Applies the <see cref="FaultInjector"/>'s matching rule to a resource request, in the real wire forms (F1, F2).</summary>
internal sealed class FaultResponder(FaultInjector faults, TimeProvider time)
{
    public async Task<FaultOutcome> ApplyAsync(HttpContext context, string verb, ResourceType type)
    {
        var (rule, latency) = faults.Match(verb, type.Plural, type.QualifiedResource);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, context.RequestAborted);
        }
        switch (rule?.Kind)
        {
            case null or FaultKind.Latency:
                return FaultOutcome.None;
            case FaultKind.Expired when verb == "watch":
                return FaultOutcome.ExpireWatch;
            case FaultKind.Expired:
                await KubeResponses.WriteErrorAsync(context, StatusErrors.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list."));
                return FaultOutcome.Responded;
            case FaultKind.TooManyRequestsPlain:
                context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await KubeResponses.WriteTextAsync(context, 429, "Too many requests, please try again later.\n");
                return FaultOutcome.Responded;
            case FaultKind.TooManyRequestsStatus:
                await KubeResponses.WriteErrorAsync(context, StatusErrors.New(429, "TooManyRequests",
                    rule.Message ?? "The server has received too many requests and has asked us to try again later", new JsonObject(), rule.RetryAfterSeconds));
                return FaultOutcome.Responded;
            default:
                await KubeResponses.WriteErrorAsync(context, Error(rule, type));
                return FaultOutcome.Responded;
        }
    }

    private static KubeApiException Error(FaultRule rule, ResourceType type) => rule.StatusCode switch
    {
        503 => StatusErrors.New(503, "ServiceUnavailable", rule.Message ?? "The server is currently unable to handle the request", new JsonObject(), 5),
        504 => StatusErrors.New(504, "Timeout",
            rule.Message ?? "Timeout: request did not complete within requested timeout - context deadline exceeded", new JsonObject()),
        500 => StatusErrors.InternalError(rule.Message ?? "injected fault"),
        var code => StatusErrors.New(code, "InternalError", rule.Message ?? $"injected fault for {type.QualifiedResource}", new JsonObject()),
    };
}
