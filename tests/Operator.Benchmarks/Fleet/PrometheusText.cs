using System.Globalization;
using Operator.Testing.Harness;

namespace Operator.Benchmarks.Fleet;

/// <summary>
/// The samples of one /metrics scrape in Prometheus' text format (name, labels, value); enough to sum a counter over
/// its label sets. Hand-written: the format's sample lines are one regular shape, and no client library parses it.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private PrometheusText(List<(string Name, string Labels, double Value)> samples) => _samples = samples;

    public static PrometheusText Parse(string text)
    {
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            var name = brace > 0 ? line[..brace] : line[..space];
            var labels = brace > 0 ? line[(brace + 1)..line.LastIndexOf('}')] : "";
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples.Add((name, labels, value));
            }
        }

        return new PrometheusText(samples);
    }

    /// <summary>The sum over every label set of <paramref name="name"/> whose labels contain <paramref name="labelFilter"/>; null when absent.</summary>
    public double? Sum(string name, string labelFilter = "")
    {
        var matching = _samples.Where(s => s.Name == name && s.Labels.Contains(labelFilter, StringComparison.Ordinal)).ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    /// <summary>How many series (label sets) a metric family has, e.g. per-credential gauges.</summary>
    public int Series(string name) => _samples.Count(s => s.Name == name);

    public int TotalSeries => _samples.Count;
}

/// <summary>The operator's <c>/metrics</c>, parsed.</summary>
internal static class OperatorProcessMetrics
{
    public static async Task<PrometheusText> ScrapeAsync(this OperatorProcess process) =>
        PrometheusText.Parse(await process.MetricsTextAsync());
}
