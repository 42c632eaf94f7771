using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;

namespace Operator.Tests.Credentials;

public sealed class RefreshDecisionTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ManagedSecretState State(string hash = "h", bool intact = true, int refreshInMinutes = 10, int expiresInMinutes = 20) =>
        new(hash, s_now.AddMinutes(-10), s_now.AddMinutes(expiresInMinutes), s_now.AddMinutes(refreshInMinutes), "arn", intact);

    private static readonly Dictionary<string, (SecretOwnership Ownership, ManagedSecretState? State, IssueReason Expected)> s_cases = new()
    {
        ["no Secret"] = (SecretOwnership.Absent, null, IssueReason.FirstIssue),
        ["valid, not yet due"] = (SecretOwnership.Owned, State(), IssueReason.None),
        ["refresh time reached"] = (SecretOwnership.Owned, State(refreshInMinutes: 0), IssueReason.RefreshDue),
        ["expired"] = (SecretOwnership.Owned, State(refreshInMinutes: -5, expiresInMinutes: -1), IssueReason.RefreshDue),
        ["spec changed"] = (SecretOwnership.Owned, State(hash: "old"), IssueReason.SpecChanged),
        ["data edited"] = (SecretOwnership.Owned, State(intact: false), IssueReason.Drift),
        ["marks missing"] = (SecretOwnership.Owned, null, IssueReason.Drift),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_SaysWhetherAndWhyToIssue(string situation)
    {
        var (ownership, state, expected) = s_cases[situation];

        Assert.Equal(expected, RefreshDecision.Decide(ownership, state, "h", s_now));
    }
}

public sealed class RetryPendingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static Operator.Api.V1Alpha1.DelegatedCredential Failing(int failures, DateTimeOffset retryAt, long observedGeneration = 1) =>
        Objects.Credential() with
        {
            Status = new Operator.Api.V1Alpha1.DelegatedCredentialStatus { Failures = failures, RefreshAt = retryAt, ObservedGeneration = observedGeneration },
        };

    [Fact]
    public void RetryPending_FailedAndRetryTimeAhead_IsTrue() =>
        Assert.True(RefreshDecision.RetryPending(Failing(2, s_now.AddSeconds(10)), s_now));

    [Fact]
    public void RetryPending_RetryTimeReached_IsFalse() =>
        Assert.False(RefreshDecision.RetryPending(Failing(2, s_now), s_now));

    [Fact]
    public void RetryPending_SpecChangedSince_IsFalse() =>
        Assert.False(RefreshDecision.RetryPending(Failing(2, s_now.AddSeconds(10), observedGeneration: 0), s_now));

    [Fact]
    public void RetryPending_NoFailures_IsFalse() =>
        Assert.False(RefreshDecision.RetryPending(Failing(0, s_now.AddSeconds(10)), s_now));
}
