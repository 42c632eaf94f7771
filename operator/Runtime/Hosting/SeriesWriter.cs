using System.Globalization;
using System.Text;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Writes gauge families in the Prometheus text format (version 0.0.4), which is also valid OpenMetrics for gauges
/// (<c># EOF</c> is the endpoint's to write). Hand-written because prometheus-net has no API to add series from another
/// source to its output: see <see cref="IScrapeSeries"/>.
/// </summary>
internal sealed class SeriesWriter(TextWriter writer)
{
    /// <summary>Starts a family: its <c># HELP</c> and <c># TYPE</c> lines.</summary>
    public void Gauge(string name, string help)
    {
        writer.Write("# HELP ");
        writer.Write(name);
        writer.Write(' ');
        writer.Write(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        writer.Write("\n# TYPE ");
        writer.Write(name);
        writer.Write(" gauge\n");
    }

    /// <summary>One sample of the family begun last; <paramref name="labels"/> are name/value pairs.</summary>
    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                writer.Write(labels[i].Name);
                writer.Write("=\"");
                WriteEscaped(labels[i].Value);
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(Format(value));
        writer.Write('\n');
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void WriteEscaped(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            writer.Write(value);
            return;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '"' => escaped.Append("\\\""),
                '\n' => escaped.Append(@"\n"),
                _ => escaped.Append(c),
            };
        }

        writer.Write(escaped.ToString());
    }
}
