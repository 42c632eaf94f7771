namespace Operator.Runtime;

internal static partial class ControllerLog
{
    [LoggerMessage(LogLevel.Information, "Controller {Controller} waiting for caches to sync")]
    public static partial void WaitingForSync(this ILogger logger, string controller);

    [LoggerMessage(LogLevel.Information, "Controller {Controller} starting {Workers} workers")]
    public static partial void StartingWorkers(this ILogger logger, string controller, int workers);

    [LoggerMessage(LogLevel.Information, "Controller {Controller} stopped")]
    public static partial void Stopped(this ILogger logger, string controller);

    [LoggerMessage(LogLevel.Debug, "Reconciled {Key}; requeue after {RequeueAfter}")]
    public static partial void Reconciled(this ILogger logger, string key, TimeSpan? requeueAfter);

    [LoggerMessage(LogLevel.Debug, "Conflict while reconciling {Key}; retrying")]
    public static partial void Conflict(this ILogger logger, string key);

    [LoggerMessage(LogLevel.Warning, "Reconcile of {Key} by controller {Controller} passed its {Timeout} deadline and was cancelled; retry {Attempt} with backoff")]
    public static partial void ReconcileTimedOut(this ILogger logger, string key, string controller, TimeSpan timeout, int attempt);

    /// <summary>An expected API error (<see cref="ApiErrors.IsExpected"/>): one line, no stack trace.</summary>
    [LoggerMessage(LogLevel.Warning, "Reconcile of {Key} by controller {Controller} failed: {Error}; retry {Attempt} with backoff")]
    public static partial void ReconcileApiError(this ILogger logger, string key, string controller, string error, int attempt);

    [LoggerMessage(LogLevel.Error, "Reconcile of {Key} by controller {Controller} failed; retry {Attempt} with backoff")]
    public static partial void ReconcileFailed(this ILogger logger, Exception exception, string key, string controller, int attempt);
}
