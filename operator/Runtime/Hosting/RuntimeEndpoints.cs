using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;

namespace Operator.Runtime.Hosting;

/// <summary>The probe and scrape endpoints: <c>/healthz</c>, <c>/readyz</c> and Prometheus <c>/metrics</c>.</summary>
internal static class RuntimeEndpoints
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapRuntimeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });

        PrometheusExport.EnsureStarted();
        endpoints.MapMetrics("/metrics");
        return endpoints;
    }
}
