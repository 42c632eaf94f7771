namespace Operator.Runtime;

internal static partial class EventRecorderLog
{
    [LoggerMessage(LogLevel.Warning, "Could not record event {Reason} about {Namespace}/{Name}: {Error}")]
    public static partial void EventFailed(this ILogger logger, Exception? exception, string reason, string? @namespace, string name, string error);
}
