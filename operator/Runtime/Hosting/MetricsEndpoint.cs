using System.Buffers;
using Microsoft.Net.Http.Headers;
using Prometheus;

namespace Operator.Runtime.Hosting;

/// <summary>
/// <c>/metrics</c>: prometheus-net's registry, then the <see cref="IScrapeSeries"/> families. This replaces <c>MapMetrics</c>
/// of prometheus-net.AspNetCore (which can only export the registry; that package is no longer referenced) and does what it
/// did: the Prometheus text format, or OpenMetrics when the scraper's Accept header asks for it (prometheus-net then ends
/// with <c># EOF</c>, which must stay last), and 503 when a collection callback fails.
/// </summary>
internal static class MetricsEndpoint
{
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    private const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static readonly byte[] Eof = "# EOF\n"u8.ToArray();

    public static async Task ServeAsync(HttpContext context)
    {
        var openMetrics = AcceptsOpenMetrics(context.Request.Headers.Accept);
        using var buffer = new MemoryStream();
        try
        {
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(buffer,
                openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ScrapeFailedException ex)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(ex.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The registry's part is small (the per-object families are not in it); OpenMetrics ends it with # EOF, which goes last.
        var exported = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (openMetrics && exported.Span.EndsWith(Eof))
        {
            exported = exported[..^Eof.Length];
        }

        context.Response.ContentType = openMetrics ? OpenMetricsContentType : TextContentType;
        var body = context.Response.BodyWriter;
        body.Write(exported.Span);
        var series = new SeriesWriter(body);
        foreach (var source in context.RequestServices.GetServices<IScrapeSeries>())
        {
            await source.WriteAsync(series, context.RequestAborted).ConfigureAwait(false);
            await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (openMetrics)
        {
            body.Write(Eof);
        }

        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static bool AcceptsOpenMetrics(IList<string> accept) =>
        MediaTypeHeaderValue.TryParseList(accept, out var types)
        && types.Any(t => t.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase));
}
