namespace Operator.Hosting;

internal sealed class LoggingOptions
{
    /// <summary>JSON lines for log collectors by default; <c>Text</c> (or <c>--human-logs</c>) for people.</summary>
    public LogFormat Format { get; set; } = LogFormat.Json;
}
