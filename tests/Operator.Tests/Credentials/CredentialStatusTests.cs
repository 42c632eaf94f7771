using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;

namespace Operator.Tests.Credentials;

public sealed class CredentialStatusTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly ExchangeFailure s_denied = new(CredentialReasons.IdentityDenied, "STS refused: InvalidIdentityToken.");

    private static ManagedSecretState LastGood(DateTimeOffset expiresAt) =>
        new("h", s_now.AddHours(-1), expiresAt, s_now, "arn:aws:sts::123456789012:assumed-role/app/s", true);

    [Fact]
    public void Issued_ReadyTrue_WithScheduleAndGeneration()
    {
        var credential = Objects.Credential(generation: 3);

        var status = CredentialStatus.Issued(credential, "app-aws", Objects.Issued(s_now.AddHours(1)), s_now, s_now.AddMinutes(40), CredentialReasons.Issued, s_now);

        var ready = CredentialStatus.ReadyOf(status)!;
        Assert.Equal(("True", CredentialReasons.Issued, 3L), (ready.Status, ready.Reason, ready.ObservedGeneration));
        Assert.Equal((3L, s_now.AddHours(1), s_now.AddMinutes(40), 0), (status.ObservedGeneration, status.ExpiresAt, status.RefreshAt, status.Failures));
    }

    [Fact]
    public void Issued_ThenKeptFromTheWrittenSecret_IsTheSameStatus()
    {
        // Sub-second times, as a real clock gives them: the status must not change when it is rebuilt from the Secret.
        var issuedAt = s_now.AddTicks(3_333_740);
        var issued = Objects.Issued(s_now.AddHours(1).AddTicks(1_234_567));
        var refreshAt = s_now.AddMinutes(40).AddTicks(9_876_543);
        var first = CredentialStatus.Issued(Objects.Credential(), "app-aws", issued, issuedAt, refreshAt, CredentialReasons.Issued, issuedAt);
        var state = ManagedSecret.Read(DesiredSecret.Build(Objects.Credential(), issued, "h", issuedAt, refreshAt))!;

        var kept = CredentialStatus.Kept(Objects.Credential() with { Status = first }, "app-aws", state, issuedAt.AddMinutes(1));

        Assert.Equal(k8s.KubernetesJson.Serialize(first), k8s.KubernetesJson.Serialize(kept));
    }

    [Fact]
    public void Failed_LastGoodStillValid_StaysReadyWithRefreshFailedAndCountsFailures()
    {
        var credential = Objects.Credential() with { Status = new DelegatedCredentialStatus { Failures = 2 } };

        var status = CredentialStatus.Failed(credential, "app-aws", s_denied, LastGood(s_now.AddMinutes(5)), s_now.AddSeconds(30), s_now);

        var ready = CredentialStatus.ReadyOf(status)!;
        Assert.Equal(("True", CredentialReasons.RefreshFailed), (ready.Status, ready.Reason));
        Assert.Contains("InvalidIdentityToken", ready.Message, StringComparison.Ordinal);
        Assert.Equal((3, s_now.AddSeconds(30)), (status.Failures, status.RefreshAt));
    }

    [Fact]
    public void Failed_LastGoodExpired_ReadyFalseExpired()
    {
        var status = CredentialStatus.Failed(Objects.Credential(), "app-aws", s_denied, LastGood(s_now.AddSeconds(-1)), s_now.AddSeconds(30), s_now);

        var ready = CredentialStatus.ReadyOf(status)!;
        Assert.Equal(("False", CredentialReasons.Expired), (ready.Status, ready.Reason));
    }

    [Fact]
    public void Failed_NoCredential_ReadyFalseWithTheFailuresReason()
    {
        var status = CredentialStatus.Failed(Objects.Credential(), "app-aws", s_denied, null, s_now.AddSeconds(5), s_now);

        var ready = CredentialStatus.ReadyOf(status)!;
        Assert.Equal(("False", CredentialReasons.IdentityDenied, "STS refused: InvalidIdentityToken."), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void Issued_ReadyWasAlreadyTrue_KeepsLastTransitionTime()
    {
        var since = s_now.AddHours(-5).UtcDateTime;
        var credential = Objects.Credential() with
        {
            Status = new DelegatedCredentialStatus { Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "Issued", LastTransitionTime = since }] },
        };

        var status = CredentialStatus.Issued(credential, "app-aws", Objects.Issued(s_now.AddHours(1)), s_now, s_now, CredentialReasons.Refreshed, s_now);

        Assert.Equal(since, CredentialStatus.ReadyOf(status)!.LastTransitionTime);
    }

    [Fact]
    public void Kept_AfterRestartWithCurrentStatus_ComputesTheSameStatus()
    {
        var state = LastGood(s_now.AddHours(1)) with { RefreshAt = s_now.AddMinutes(30) };
        var first = CredentialStatus.Kept(Objects.Credential(), "app-aws", state, s_now);

        var again = CredentialStatus.Kept(Objects.Credential() with { Status = first }, "app-aws", state, s_now.AddMinutes(1));

        Assert.Equal(k8s.KubernetesJson.Serialize(first), k8s.KubernetesJson.Serialize(again));
    }

    [Fact]
    public void Kept_AfterFailures_ClearsTheCount_SoNoRetryGateHoldsBackTheNextIssue()
    {
        var credential = Objects.Credential() with { Status = new DelegatedCredentialStatus { Failures = 3, RefreshAt = s_now.AddMinutes(40) } };

        var status = CredentialStatus.Kept(credential, "app-aws", LastGood(s_now.AddHours(1)), s_now);

        Assert.Equal(0, status.Failures);
        Assert.False(RefreshDecision.RetryPending(credential with { Status = status }, s_now));
    }

    [Fact]
    public void Kept_PastExpiry_IsReadyFalseExpired()
    {
        var status = CredentialStatus.Kept(Objects.Credential(), "app-aws", LastGood(s_now.AddMinutes(-1)), s_now);

        var ready = CredentialStatus.ReadyOf(status)!;
        Assert.Equal(("False", CredentialReasons.Expired), (ready.Status, ready.Reason));
        Assert.Null(status.RefreshAt);
    }

    [Fact]
    public void Failed_RetryTimeWithSubSeconds_IsWholeSecondsInStatus()
    {
        // A retry time is now plus a jittered delay: microseconds, unlike the times read back from the Secret.
        var now = s_now.AddTicks(1_234_567);
        var nextAttempt = now.AddSeconds(7.654321);

        var status = CredentialStatus.Failed(Objects.Credential(), "app-aws", s_denied, null, nextAttempt, now);

        Assert.Equal(s_now.AddSeconds(7), status.RefreshAt);
        Assert.Equal(0, CredentialStatus.ReadyOf(status)!.LastTransitionTime.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void Failed_WithLastGood_EveryTimeIsWholeSeconds()
    {
        var now = s_now.AddTicks(9_999_999);
        var lastGood = LastGood(s_now.AddMinutes(5).AddTicks(4_444_444)) with { IssuedAt = s_now.AddMinutes(-5).AddTicks(5_555_555) };

        var status = CredentialStatus.Failed(Objects.Credential(), "app-aws", s_denied, lastGood, now.AddSeconds(3.5), now);

        Assert.All(new[] { status.IssuedAt, status.ExpiresAt, status.RefreshAt }, t => Assert.Equal(0, t!.Value.UtcTicks % TimeSpan.TicksPerSecond));
    }

    [Fact]
    public void Kept_Suspended_NeitherMessageNorRefreshAtAnnounceARefresh()
    {
        var state = LastGood(s_now.AddHours(1)) with { RefreshAt = s_now.AddMinutes(30) };
        var running = CredentialStatus.Kept(Objects.Credential(), "app-aws", state, s_now);
        var suspended = Objects.Credential() with { Spec = Objects.Credential().Spec with { Suspend = true }, Status = running };

        var status = CredentialStatus.Kept(suspended, "app-aws", state, s_now.AddMinutes(1));

        var ready = CredentialStatus.ReadyOf(status)!;
        Assert.Contains("next refresh", CredentialStatus.ReadyOf(running)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh at", ready.Message, StringComparison.Ordinal);
        Assert.EndsWith("refreshes are suspended (spec.suspend).", ready.Message, StringComparison.Ordinal);
        Assert.Null(status.RefreshAt);
    }

    [Fact]
    public void Kept_ResumedAfterSuspension_AnnouncesTheNextRefreshAgain()
    {
        var state = LastGood(s_now.AddHours(1)) with { RefreshAt = s_now.AddMinutes(30) };
        var suspended = Objects.Credential() with { Spec = Objects.Credential().Spec with { Suspend = true } };
        var whileSuspended = CredentialStatus.Kept(suspended, "app-aws", state, s_now);

        var status = CredentialStatus.Kept(Objects.Credential() with { Status = whileSuspended }, "app-aws", state, s_now.AddMinutes(1));

        Assert.EndsWith($"next refresh at {ManagedSecret.FormatTime(s_now.AddMinutes(30))}.", CredentialStatus.ReadyOf(status)!.Message, StringComparison.Ordinal);
        Assert.Equal(s_now.AddMinutes(30), status.RefreshAt);
    }
}
