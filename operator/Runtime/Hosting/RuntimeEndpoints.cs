using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Operator.Runtime.Hosting;

/// <summary>The probe and scrape endpoints: <c>/healthz</c>, <c>/readyz</c> and Prometheus <c>/metrics</c>.</summary>
internal static class RuntimeEndpoints
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>
    /// Puts <see cref="MetricsAuthorizer"/> in front of <c>/metrics</c>: only over HTTPS (a token never travels in clear;
    /// the probes' plain port answers 404), and only to a caller the API server authenticates and authorizes. Health
    /// endpoints stay open: the kubelet probes them without credentials.
    /// </summary>
    public static IApplicationBuilder UseMetricsAuthorization(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        if (!context.Request.IsHttps)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var authorizer = context.RequestServices.GetRequiredService<MetricsAuthorizer>();
        int status;
        try
        {
            status = await authorizer.AuthorizeAsync(context.Request.Headers.Authorization, "/metrics", context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The API server could not answer: nobody is let in, and the scraper sees why it failed.
            status = StatusCodes.Status503ServiceUnavailable;
        }

        if (status != StatusCodes.Status200OK)
        {
            context.Response.StatusCode = status;
            return;
        }

        await next(context);
    });

    public static IEndpointRouteBuilder MapRuntimeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });

        PrometheusExport.EnsureStarted();
        endpoints.MapGet("/metrics", MetricsEndpoint.ServeAsync);
        return endpoints;
    }
}
