namespace Operator.Runtime;

internal static partial class InformerLog
{
    [LoggerMessage(LogLevel.Debug, "Listed {Count} {Resource} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(this ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(LogLevel.Debug, "Watch of {Resource} restarts ({Reason}) from resourceVersion {ResourceVersion}")]
    public static partial void WatchRestarting(this ILogger logger, string resource, string reason, string resourceVersion);

    [LoggerMessage(LogLevel.Information, "Resource version of {Resource} expired; relisting")]
    public static partial void Expired(this ILogger logger, string resource);

    [LoggerMessage(LogLevel.Warning,
        "Left out {Resource} {Namespace}/{Name}: its {Field} does not fit this operator's model (a CRD newer than the operator, or edited?); it is not reconciled until it can be read")]
    public static partial void Unreadable(this ILogger logger, string resource, string? @namespace, string? name, string field);

    [LoggerMessage(LogLevel.Warning, "A watch event of {Resource} could not be read ({Field}); relisting, which leaves the object out")]
    public static partial void UnreadableEvent(this ILogger logger, string resource, string field);

    [LoggerMessage(LogLevel.Warning, "List or watch of {Resource} failed ({Reason}: {Error}); retrying in {Delay}")]
    public static partial void Failed(this ILogger logger, Exception? exception, string resource, string reason, string error, TimeSpan delay);
}
