using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Writes gauge families in the Prometheus text format (version 0.0.4), which is also valid OpenMetrics for gauges
/// (<c># EOF</c> is the endpoint's to write), as UTF-8 into a buffer writer: the response's pipe, sent on every
/// <see cref="FlushThreshold"/> bytes, so a scrape of 10,000 credentials (about 3 MB) needs neither a large-object
/// allocation nor more than 64 KB of the server's pooled blocks at a time. Hand-written because prometheus-net
/// has no API to add series from another source to its output: see <see cref="IScrapeSeries"/>.
/// </summary>
internal sealed class SeriesWriter(IBufferWriter<byte> output)
{
    /// <summary>
    /// How many bytes may wait in a pipe before <see cref="FlushWhenFullAsync"/> sends them. Without it a scrape at 10,000
    /// credentials sat whole (about 3 MB) in the response's pipe, in 4 KB blocks of the server's pinned memory pool, which
    /// kept them after the scrape (tests/Operator.Benchmarks/results.md, "Fifth round").
    /// </summary>
    internal const int FlushThreshold = 64 * 1024;

    private long _unflushed;

    /// <summary>
    /// Sends what was written once <see cref="FlushThreshold"/> bytes wait, when the output is a pipe (other writers keep
    /// everything). Families of one series per object call it between samples.
    /// </summary>
    public ValueTask FlushWhenFullAsync(CancellationToken cancellationToken)
    {
        if (_unflushed < FlushThreshold || output is not PipeWriter pipe)
        {
            return ValueTask.CompletedTask;
        }

        _unflushed = 0;
        return FlushAsync(pipe, cancellationToken);
    }

    /// <summary>Starts a family: its <c># HELP</c> and <c># TYPE</c> lines.</summary>
    public void Gauge(string name, string help)
    {
        Text("# HELP ");
        Text(name);
        Text(" ");
        Text(help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal));
        Text("\n# TYPE ");
        Text(name);
        Text(" gauge\n");
    }

    /// <summary>One sample of the family begun last; <paramref name="labels"/> are name/value pairs.</summary>
    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        Text(name);
        if (labels.Length > 0)
        {
            Text("{");
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    Text(",");
                }

                Text(labels[i].Name);
                Text("=\"");
                Text(Escaped(labels[i].Value));
                Text("\"");
            }

            Text("}");
        }

        Text(" ");
        Number(value);
        Text("\n");
    }

    private static string Escaped(string value) =>
        value.AsSpan().IndexOfAny('\\', '"', '\n') < 0
            ? value
            : value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private void Number(double value)
    {
        switch (value)
        {
            case double.PositiveInfinity:
                Text("+Inf");
                return;
            case double.NegativeInfinity:
                Text("-Inf");
                return;
            case double.NaN:
                Text("NaN");
                return;
        }

        var span = output.GetSpan(32);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        output.Advance(written);
        _unflushed += written;
    }

    private void Text(string text) => _unflushed += Encoding.UTF8.GetBytes(text, output);

    private static async ValueTask FlushAsync(PipeWriter pipe, CancellationToken cancellationToken) =>
        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
}
