namespace Operator.Credentials.Reconciliation;

internal sealed partial class DelegatedCredentialReconciler
{
    // Structured fields only: names, reasons, times and the principal. Never a token, key or Secret value;
    // failure messages are redacted where they are built.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "Credential {Namespace}/{Name} {Reason} ({Why}) for {Identity}; expires {ExpiresAt:O}, refresh at {RefreshAt:O}")]
        public static partial void CredentialIssued(ILogger logger, string @namespace, string name, string reason, string why,
            string identity, DateTimeOffset expiresAt, DateTimeOffset refreshAt);

        [LoggerMessage(2, LogLevel.Warning,
            "Credential {Namespace}/{Name} {Ready}: {FailureMessage} (failure {Failures}, retry in {RetryIn})")]
        public static partial void CredentialFailed(ILogger logger, string @namespace, string name, string ready,
            string failureMessage, int failures, string retryIn);

        [LoggerMessage(3, LogLevel.Warning,
            "Credential {Namespace}/{Name}: Kubernetes API error {Error}; retry in {RetryIn}")]
        public static partial void ClusterError(ILogger logger, string @namespace, string name, string error, TimeSpan retryIn);
    }
}
