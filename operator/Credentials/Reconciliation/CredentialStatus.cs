using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Pure computation of a DelegatedCredential's status from what the reconcile found or did. The Ready
/// condition follows kstatus: it carries observedGeneration, and its lastTransitionTime moves only when its
/// status flips. Nothing here may contain secret material; messages come from redacted failures.
/// </summary>
internal static class CredentialStatus
{
    public const string ReadyCondition = "Ready";

    public static DelegatedCredentialStatus Issued(
        DelegatedCredential credential, string secretName, IssuedCredential issued,
        DateTimeOffset issuedAt, DateTimeOffset refreshAt, string reason, DateTimeOffset now, string? note = null) =>
        With(credential, secretName, now, "True", reason,
            $"Secret {secretName} holds a credential for {issued.Identity}, valid until {Time(issued.ExpiresAt)}; next refresh at {Time(refreshAt)}." +
            (note is null ? "" : " " + note),
            issued.Identity, ManagedSecret.WholeSeconds(issuedAt), ManagedSecret.WholeSeconds(issued.ExpiresAt),
            ManagedSecret.WholeSeconds(refreshAt), failures: 0);

    /// <summary>The Secret already holds a valid credential for this spec (after a restart, or a no-op event).</summary>
    public static DelegatedCredentialStatus Kept(
        DelegatedCredential credential, string secretName, ManagedSecretState state, DateTimeOffset now)
    {
        if (now >= state.ExpiresAt)
        {
            // Only a suspended object keeps a Secret past its expiry without trying to refresh it.
            return With(credential, secretName, now, "False", CredentialReasons.Expired,
                $"The credential in Secret {secretName} expired at {Time(state.ExpiresAt)}; spec.suspend stops refreshes.",
                state.Identity, state.IssuedAt, state.ExpiresAt, null, failures: 0);
        }

        var previous = ReadyOf(credential.Status);
        var reason = previous is { Status: "True", Reason: CredentialReasons.Issued or CredentialReasons.Refreshed }
            ? previous.Reason
            : CredentialReasons.Issued;
        if (credential.Spec.Suspend == true)
        {
            // No refresh is coming: neither the message nor refreshAt may announce one.
            return With(credential, secretName, now, "True", reason,
                $"Secret {secretName} holds a credential for {state.Identity}, valid until {Time(state.ExpiresAt)}; refreshes are suspended (spec.suspend).",
                state.Identity, state.IssuedAt, state.ExpiresAt, null, failures: 0);
        }

        // The previous message stands only while it describes this very schedule (it may carry the note); after a
        // suspension or a failure it would tell an old story.
        var message = previous?.Reason == reason && previous.Status == "True" && credential.Status?.RefreshAt == state.RefreshAt
            ? previous.Message
            : $"Secret {secretName} holds a credential for {state.Identity}, valid until {Time(state.ExpiresAt)}; next refresh at {Time(state.RefreshAt)}.";
        return With(credential, secretName, now, "True", reason, message,
            state.Identity, state.IssuedAt, state.ExpiresAt, state.RefreshAt, failures: 0);
    }

    /// <param name="lastGood">The Secret's credential when it is still for this spec; null when there is none.</param>
    /// <param name="nextAttempt">When the operator tries again; shown as refreshAt. Null when it waits for a new generation.</param>
    public static DelegatedCredentialStatus Failed(
        DelegatedCredential credential, string secretName, ExchangeFailure failure,
        ManagedSecretState? lastGood, DateTimeOffset? nextAttempt, DateTimeOffset now)
    {
        var failures = (credential.Status?.Failures ?? 0) + 1;
        if (lastGood is null)
        {
            return With(credential, secretName, now, "False", failure.Reason, failure.Message,
                credential.Status?.Identity, null, null, nextAttempt, failures);
        }

        var retry = nextAttempt is { } at ? $"retrying at {Time(at)}" : "fix the spec to try again";
        var (status, reason, message) = failure.Reason == CredentialReasons.NotPermitted
            // Not a passing fault but a refusal: Ready turns False at once, while the Secret keeps what it holds until it expires.
            ? ("False", CredentialReasons.NotPermitted, now < lastGood.ExpiresAt
                ? $"{failure.Message} The Secret keeps its last credential, valid until {Time(lastGood.ExpiresAt)}, and is not refreshed."
                : $"{failure.Message} The Secret's last credential expired at {Time(lastGood.ExpiresAt)}.")
            : now < lastGood.ExpiresAt
            ? ("True", CredentialReasons.RefreshFailed,
                $"Refresh failed ({failure.Reason}): {failure.Message} The Secret keeps the last credential, valid until {Time(lastGood.ExpiresAt)}; {retry}.")
            : ("False", CredentialReasons.Expired,
                $"The credential expired at {Time(lastGood.ExpiresAt)} and refreshing keeps failing ({failure.Reason}): {failure.Message} {char.ToUpperInvariant(retry[0])}{retry[1..]}.");
        return With(credential, secretName, now, status, reason, message,
            lastGood.Identity, lastGood.IssuedAt, lastGood.ExpiresAt, nextAttempt, failures);
    }

    public static V1Condition? ReadyOf(DelegatedCredentialStatus? status) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == ReadyCondition);

    private static DelegatedCredentialStatus With(
        DelegatedCredential credential, string secretName, DateTimeOffset now, string status, string reason, string message,
        string? identity, DateTimeOffset? issuedAt, DateTimeOffset? expiresAt, DateTimeOffset? refreshAt, int failures)
    {
        var previous = ReadyOf(credential.Status);
        var generation = credential.Metadata.Generation;
        var condition = new V1Condition
        {
            Type = ReadyCondition,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = previous?.Status == status && previous.LastTransitionTime is { } since
                ? since
                : ManagedSecret.WholeSeconds(now).UtcDateTime,
        };
        var others = credential.Status?.Conditions?.Where(c => c.Type != ReadyCondition) ?? [];
        return new DelegatedCredentialStatus
        {
            ObservedGeneration = generation,
            Conditions = [condition, .. others],
            SecretName = secretName,
            Identity = identity,
            Provider = credential.Spec.Provider?.Name ?? "none",
            Target = credential.Spec.Target.Name,
            // Whole seconds everywhere, as the API server keeps metav1.Time: a retry time computed from now and a jittered
            // delay would otherwise show microseconds.
            IssuedAt = issuedAt is { } issued ? ManagedSecret.WholeSeconds(issued) : null,
            ExpiresAt = expiresAt is { } expires ? ManagedSecret.WholeSeconds(expires) : null,
            RefreshAt = refreshAt is { } refresh ? ManagedSecret.WholeSeconds(refresh) : null,
            Failures = failures,
        };
    }

    private static string Time(DateTimeOffset time) => ManagedSecret.FormatTime(time);
}
