using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets;
using Operator.Credentials.Validation;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Keeps one DelegatedCredential's Secret holding a valid credential: issue when there is none (or the spec
/// or the data changed), refresh at refreshAt, keep the last good credential when an exchange fails, and
/// requeue for the next deadline. The work is done by the pure pieces and the exchange; this class only
/// sequences them and reports. All its cluster I/O goes through <see cref="ICredentialCluster"/>.
/// </summary>
internal sealed partial class DelegatedCredentialReconciler(
    ICredentialCluster cluster,
    CredentialPlanner planner,
    ICredentialExchange exchange,
    PendingCredentials pending,
    BreakerWakeups wakeups,
    ClusterErrors clusterErrors,
    RetryPolicy policy,
    CredentialMetrics metrics,
    CredentialEventOptions events,
    Random random,
    TimeProvider time,
    ILogger<DelegatedCredentialReconciler> logger) : IReconciler<DelegatedCredential>
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, DelegatedCredential? current, CancellationToken cancellationToken)
    {
        if (current is null || current.Metadata.DeletionTimestamp is not null)
        {
            // The Secret goes with its owner through garbage collection; only our own bookkeeping is left.
            metrics.Forget(key.Namespace ?? "", key.Name);
            clusterErrors.Succeeded(key);
            wakeups.Forget(key);
            if (current?.Metadata.Uid is { } gone)
            {
                pending.Forget(gone);
            }

            return ReconcileResult.Done;
        }

        try
        {
            var result = await ReconcileExistingAsync(current, cancellationToken);
            clusterErrors.Succeeded(key);
            return result;
        }
        catch (Exception ex) when (ClusterErrors.IsClusterError(ex, cancellationToken))
        {
            // A Kubernetes API error (409, 429, 5xx, a dropped connection) is retried on its own short schedule, never
            // on the exchange's, and never past the credential's next deadline; a credential already exchanged is
            // held in PendingCredentials and written then without a new exchange.
            var now = time.GetUtcNow();
            var delay = RefreshSchedule.ApiErrorDelay(clusterErrors.Failed(key), now, NextDeadline(current), random, policy);
            Log.ClusterError(logger, current.Metadata.NamespaceProperty, current.Metadata.Name, SecretRedaction.Redact(ApiErrors.Describe(ex)), delay);
            return ReconcileResult.After(delay);
        }
    }

    /// <summary>The earliest of the status's refresh (or retry) and expiry times still ahead, if any.</summary>
    private DateTimeOffset? NextDeadline(DelegatedCredential credential)
    {
        var now = time.GetUtcNow();
        return new[] { credential.Status?.RefreshAt, credential.Status?.ExpiresAt }
            .Where(t => t is { } at && at > now)
            .Min();
    }

    private async Task<ReconcileResult> ReconcileExistingAsync(DelegatedCredential current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A breaker that closed since the failure releases the object at once; otherwise its retry time holds it.
        if (RefreshDecision.RetryPending(current, now) && !wakeups.TakeRelease(ObjectKey.Of(current)))
        {
            return Requeue(current.Status!.RefreshAt!.Value, now);
        }

        var secretName = DesiredSecret.NameFor(current);
        var existing = await cluster.ReadSecretAsync(current.Metadata.NamespaceProperty, secretName, cancellationToken);
        var ownership = SecretOwnershipCheck.Of(existing, current);
        var state = ownership == SecretOwnership.Owned ? ManagedSecret.Read(existing!) : null;
        if (ownership == SecretOwnership.Foreign)
        {
            return await FailAsync(current, secretName, ExchangeFailure.SecretConflict(current.Metadata.NamespaceProperty, secretName), null, cancellationToken);
        }

        if (current.Spec.Suspend == true && DelegatedCredentialValidator.Check(current.Spec) is { } invalid)
        {
            // Suspending does not make an invalid spec valid: a Secret type or key the CRD refuses (one an older API server
            // admitted) is reported, and the Secret is left as it is, as for any InvalidSpec.
            return await FailAsync(current, secretName, invalid, null, cancellationToken);
        }

        if (current.Spec.Suspend == true)
        {
            // Suspended: nothing is planned or issued; the Secret keeps what it holds, and Ready turns False when it expires.
            return state is null ? ReconcileResult.Done : await KeepAsync(current, secretName, state, cancellationToken);
        }

        // Read before planning, but the planner looks at it only once the spec's own checks pass: an invalid spec
        // is InvalidSpec whether the ServiceAccount exists or not.
        var serviceAccount = await cluster.ReadServiceAccountAsync(current.Metadata.NamespaceProperty, current.Spec.ServiceAccountName, cancellationToken);
        var plan = planner.Plan(current, serviceAccount);
        if (!plan.Succeeded)
        {
            // A missing ServiceAccount does not make the Secret's credential invalid: keep reporting it until it expires.
            // An invalid spec does: the Secret was issued for a spec that no longer stands.
            var lastGood = plan.Failure!.Reason != CredentialReasons.InvalidSpec && state is { DataIntact: true } ? state : null;
            return await FailAsync(current, secretName, plan.Failure!, lastGood, cancellationToken);
        }

        var decision = RefreshDecision.Decide(ownership, state, plan.Value!.SpecHash, now);
        if (decision == IssueReason.None)
        {
            // Idempotent (the pod template carries the hash): finishes a restart that failed after the Secret was written.
            // The value stored with the data (Secrets/RolloutHash), never recomputed: a restarted operator rolls nothing.
            await cluster.RestartRolloutsAsync(current, RolloutHash.Of(existing!), cancellationToken);
            return await KeepAsync(current, secretName, state!, cancellationToken);
        }

        return await IssueAsync(current, plan.Value, existing, state, decision, cancellationToken);
    }

    private async Task<ReconcileResult> KeepAsync(
        DelegatedCredential credential, string secretName, ManagedSecretState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        metrics.Scheduled(credential.Metadata.NamespaceProperty, credential.Metadata.Name, state.ExpiresAt, state.RefreshAt);
        await PatchStatusAsync(credential, CredentialStatus.Kept(credential, secretName, state, now), cancellationToken);
        if (credential.Spec.Suspend == true)
        {
            return now < state.ExpiresAt ? Requeue(state.ExpiresAt, now) : ReconcileResult.Done;
        }

        return Requeue(state.RefreshAt, now);
    }

    private async Task<ReconcileResult> IssueAsync(
        DelegatedCredential credential, CredentialPlan plan, V1Secret? existing, ManagedSecretState? state, IssueReason why,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var uid = credential.Metadata.Uid ?? "";
        var lastGood = state is { DataIntact: true } && state.SpecHash == plan.SpecHash ? state : null;
        var credentialValue = pending.Find(uid, plan.SpecHash, policy.Floor);
        if (credentialValue is null)
        {
            if (why == IssueReason.FirstIssue && !await StillCurrentAsync(credential, cancellationToken))
            {
                // Deleted or edited while we were not watching: the informer brings the news; nothing is spent on it.
                return ReconcileResult.Done;
            }

            var turn = ExchangeTurns.For(credential.Metadata.NamespaceProperty, why, lastGood, now);
            var issued = await exchange.IssueAsync(credential, plan.Provider, plan.Request, plan.Target, turn, cancellationToken);
            if (!issued.Succeeded)
            {
                return await FailAsync(credential, DesiredSecret.NameFor(credential), issued.Failure!, lastGood, cancellationToken);
            }

            credentialValue = issued.Value!;
            pending.Hold(uid, plan.SpecHash, credentialValue);
        }

        now = time.GetUtcNow();
        var schedule = RefreshSchedule.Plan(now, credentialValue.ExpiresAt, plan.RefreshBefore, random, policy);
        var refreshAt = schedule.RefreshAt;
        var desired = DesiredSecret.Build(credential, credentialValue, plan.SpecHash, now, refreshAt);
        var wrote = await cluster.WriteSecretAsync(existing, desired, cancellationToken);
        pending.Written(uid, plan.SpecHash);
        if (wrote)
        {
            metrics.SecretWritten();
            await cluster.RestartRolloutsAsync(credential, RolloutHash.Of(desired), cancellationToken);
        }

        if (why == IssueReason.RefreshDue && lastGood is not null)
        {
            metrics.Refreshed(lastGood.ExpiresAt - now);
        }

        var reason = lastGood is null ? CredentialReasons.Issued : CredentialReasons.Refreshed;
        // Routine: at its time, over a credential still valid, and no failure to recover from (docs/behaviour.md §9).
        var routine = why == IssueReason.RefreshDue && lastGood is not null && now < lastGood.ExpiresAt && (credential.Status?.Failures ?? 0) == 0;
        return await ReportIssuedAsync(credential, desired.Metadata.Name, credentialValue, now, schedule, reason, why, routine, cancellationToken);
    }

    /// <summary>One read per first issue (none per refresh): the object still exists with this UID and generation.</summary>
    private async Task<bool> StillCurrentAsync(DelegatedCredential credential, CancellationToken cancellationToken)
    {
        var fresh = await cluster.ReadCredentialAsync(credential.Metadata.NamespaceProperty, credential.Metadata.Name, cancellationToken);
        return fresh is not null && fresh.Metadata.Uid == credential.Metadata.Uid && fresh.Metadata.Generation == credential.Metadata.Generation;
    }

    private async Task<ReconcileResult> ReportIssuedAsync(
        DelegatedCredential credential, string secretName, IssuedCredential issued, DateTimeOffset now, RefreshPlan schedule,
        string reason, IssueReason why, bool routine, CancellationToken cancellationToken)
    {
        var (ns, name) = (credential.Metadata.NamespaceProperty, credential.Metadata.Name);
        var refreshAt = schedule.RefreshAt;
        metrics.Scheduled(ns, name, issued.ExpiresAt, refreshAt);
        Log.CredentialIssued(logger, ns, name, reason, why.ToString(), issued.Identity, issued.ExpiresAt, refreshAt);
        var status = CredentialStatus.Issued(credential, secretName, issued, now, refreshAt, reason, now, schedule.Note);
        await PatchStatusAsync(credential, status, cancellationToken);
        var refreshes = routine ? events.Refreshes : RefreshEvents.Every;
        if (refreshes != RefreshEvents.None)
        {
            // Aggregated: the same message each time, so the recorder bumps one Event's count instead of creating another.
            var message = refreshes == RefreshEvents.Aggregated
                ? $"Refreshed Secret {secretName} for {issued.Identity}."
                : $"Wrote Secret {secretName} for {issued.Identity}, valid until {ManagedSecret.FormatTime(issued.ExpiresAt)}.";
            await cluster.RecordEventAsync(credential, EventRecorder.Normal, reason, message, cancellationToken);
        }

        return Requeue(refreshAt, now);
    }

    private async Task<ReconcileResult> FailAsync(
        DelegatedCredential credential, string secretName, ExchangeFailure failure, ManagedSecretState? lastGood,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (ns, name) = (credential.Metadata.NamespaceProperty, credential.Metadata.Name);
        if (failure.AwaitsSpecChange && AlreadyReported(credential, failure))
        {
            // Our own status patch (or a resync) brought us back: the spec is as wrong as we said, nothing to add
            // (but a restarted operator's metrics learn the condition from the status it finds).
            metrics.Reported(ns, name, ready: false, failure.Reason);
            return ReconcileResult.Done;
        }

        var failures = (credential.Status?.Failures ?? 0) + 1;
        var delay = RetryDelay(failure, failures, now, lastGood);
        if (failure.HeldByBreaker is { } breaker)
        {
            wakeups.Hold(breaker, ObjectKey.Of(credential), lastGood?.ExpiresAt ?? now);
        }

        var status = CredentialStatus.Failed(credential, secretName, failure, lastGood, now + delay, now);
        var ready = CredentialStatus.ReadyOf(status)!;
        // The failure's reason once: "InvalidSpec: …", or "RefreshFailed (ExchangeFailed): …" when Ready says something else.
        Log.CredentialFailed(logger, ns, name, ready.Reason == failure.Reason ? ready.Reason : $"{ready.Reason} ({failure.Reason})", failure.Message, failures,
            delay?.ToString() ?? "never: waits for a new generation of the spec");
        if (lastGood is not null && delay is { } retryIn)
        {
            metrics.Scheduled(ns, name, lastGood.ExpiresAt, now + retryIn);
        }

        await PatchStatusAsync(credential, status, cancellationToken);
        // The failure's own message, without the retry time, so repeats aggregate into one Event with a count.
        await cluster.RecordEventAsync(credential, EventRecorder.Warning, ready.Reason, failure.Message, cancellationToken);
        return delay is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    /// <summary>
    /// When to try again, null for never. A spec the validator or the matrix refuses waits for a new generation: the
    /// edit is a watch event, and nothing else can change the answer. A foreign Secret waits for the Secret to change,
    /// but the Secret informer only enqueues owners of Secrets that carry our label and an owner reference to us, which a
    /// foreign Secret does not have: a fixed, long recheck is the safety net (the retry gate holds the key until then).
    /// A ServiceAccount that does not consent waits for its edit, which the ServiceAccount watch delivers (and which lifts
    /// the retry gate, see <see cref="BreakerWakeups.Wake"/>); the same long recheck is the safety net.
    /// Everything else backs off.
    /// </summary>
    private TimeSpan? RetryDelay(ExchangeFailure failure, int failures, DateTimeOffset now, ManagedSecretState? lastGood) =>
        failure.AwaitsSpecChange ? null
        : failure.Reason is CredentialReasons.SecretConflict or CredentialReasons.NotPermitted ? SecretConflictRecheck
        : RefreshSchedule.RetryDelay(failures, now, lastGood?.ExpiresAt, random, policy, failure.RetryAfter);

    /// <summary>How long a SecretConflict waits before the Secret is read again when nothing enqueues the object sooner.</summary>
    internal static readonly TimeSpan SecretConflictRecheck = TimeSpan.FromMinutes(5);

    private static bool AlreadyReported(DelegatedCredential credential, ExchangeFailure failure) =>
        credential.Status is { RefreshAt: null } status
        && status.ObservedGeneration == credential.Metadata.Generation
        && CredentialStatus.ReadyOf(status) is { Status: "False" } ready
        && ready.Reason == failure.Reason
        && ready.Message == failure.Message
        && ready.ObservedGeneration == credential.Metadata.Generation;

    /// <summary>Writes the status, then exports its Ready condition (delegatedcredential_ready).</summary>
    private async Task PatchStatusAsync(DelegatedCredential credential, DelegatedCredentialStatus status, CancellationToken cancellationToken)
    {
        await cluster.PatchStatusAsync(credential, status, cancellationToken);
        if (CredentialStatus.ReadyOf(status) is { } ready)
        {
            metrics.Reported(credential.Metadata.NamespaceProperty, credential.Metadata.Name, ready.Status == "True", ready.Reason);
        }
    }

    private static ReconcileResult Requeue(DateTimeOffset at, DateTimeOffset now) =>
        ReconcileResult.After(at > now ? at - now : TimeSpan.Zero);
}
