namespace Operator.Runtime;

internal static partial class LeaderElectionLog
{
    [LoggerMessage(LogLevel.Information, "Waiting to lead through Lease {Namespace}/{Lease} as {Identity}")]
    public static partial void Campaigning(this ILogger logger, string @namespace, string lease, string identity);

    [LoggerMessage(LogLevel.Information, "Leading as {Identity}; starting controllers")]
    public static partial void Leading(this ILogger logger, string identity);

    [LoggerMessage(LogLevel.Information, "Observed new leader {Leader}")]
    public static partial void NewLeader(this ILogger logger, string leader);

    [LoggerMessage(LogLevel.Error, "Leadership lost; stopping the process")]
    public static partial void Lost(this ILogger logger);

    [LoggerMessage(LogLevel.Information, "Released Lease {Lease} on shutdown")]
    public static partial void Released(this ILogger logger, string lease);

    [LoggerMessage(LogLevel.Warning, "Could not release Lease {Lease}; a standby takes over once it expires")]
    public static partial void ReleaseFailed(this ILogger logger, Exception exception, string lease);

    [LoggerMessage(LogLevel.Critical, "Controllers stopped while leading; stopping the process")]
    public static partial void ControllersStopped(this ILogger logger, Exception? exception);

    [LoggerMessage(LogLevel.Warning, "Leader election error (check the Lease RBAC and namespace)")]
    public static partial void ElectionError(this ILogger logger, Exception exception);
}
