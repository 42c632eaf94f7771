using Operator.Credentials.Reconciliation;

namespace Operator.Tests.Credentials.Reconciliation;

public sealed class RefreshScheduleTests
{
    private static readonly DateTimeOffset s_issuedAt = new(2026, 8, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy s_policy = new();

    /// <summary>The schedule alone, without the refresh-interval floor.</summary>
    private static readonly RetryPolicy s_noFloor = new() { MinRefreshInterval = TimeSpan.Zero, MinLifetime = TimeSpan.Zero };

    public static TheoryData<string, double, double, double, double> RefreshCases => new()
    {
        // lifetime (min), refreshBefore (min, -1 = default), random draw, expected minutes before expiry
        { "default is a third of the lifetime", 60, -1, 0, 20 },
        { "jitter adds up to a tenth of the lifetime", 60, -1, FixedRandom.AlmostOne, 26 },
        { "explicit refreshBefore", 60, 10, 0, 10 },
        { "explicit refreshBefore plus half the jitter", 60, 10, 0.5, 13 },
        { "refreshBefore above half the lifetime is capped at half", 60, 50, 0, 30 },
        { "refreshBefore longer than the lifetime is capped at half", 15, 120, 0, 7.5 },
        { "zero refreshBefore refreshes at expiry without jitter", 60, 0, 0, 0 },
        { "a short granted lifetime scales down", 1, -1, 0, 1.0 / 3 },
    };

    [Theory]
    [MemberData(nameof(RefreshCases))]
    public void Plan_Table(string because, double lifetimeMinutes, double refreshBeforeMinutes, double draw, double expectedBeforeExpiry)
    {
        var expiresAt = s_issuedAt.AddMinutes(lifetimeMinutes);
        TimeSpan? refreshBefore = refreshBeforeMinutes < 0 ? null : TimeSpan.FromMinutes(refreshBeforeMinutes);

        var refreshAt = RefreshSchedule.Plan(s_issuedAt, expiresAt, refreshBefore, new FixedRandom(draw), s_noFloor).RefreshAt;

        Assert.True(Math.Abs((expiresAt - refreshAt).TotalMinutes - expectedBeforeExpiry) < 0.001,
            $"{because}: expected {expectedBeforeExpiry} min before expiry, got {(expiresAt - refreshAt).TotalMinutes}");
    }

    [Fact]
    public void Plan_LifetimeBelowTheFloor_IsNotRefreshedSoonerThanTheMinimumInterval_AndSaysSo()
    {
        var plan = RefreshSchedule.Plan(s_issuedAt, s_issuedAt.AddMilliseconds(500), null, new FixedRandom(0.5), s_policy);

        Assert.Equal(s_issuedAt + s_policy.MinRefreshInterval, plan.RefreshAt);
        Assert.Equal("The issuer granted 0.5s, below the 60s a credential should live; it is refreshed no sooner than every 30s, " +
            "so it may expire before the refresh.", plan.Note);
    }

    [Fact]
    public void Plan_ExpiryNotAfterIssue_WaitsTheMinimumInterval()
    {
        Assert.Equal(s_issuedAt + s_policy.MinRefreshInterval,
            RefreshSchedule.Plan(s_issuedAt, s_issuedAt.AddSeconds(-5), null, new FixedRandom(0.5), s_policy).RefreshAt);
    }

    [Fact]
    public void Plan_ClampedRefreshBefore_IsSaidInTheNote()
    {
        var plan = RefreshSchedule.Plan(s_issuedAt, s_issuedAt.AddHours(1), TimeSpan.FromMinutes(50), new FixedRandom(0), s_policy);

        Assert.Equal(s_issuedAt.AddMinutes(30), plan.RefreshAt);
        Assert.Equal("spec.refreshBefore 50m is more than half the granted lifetime (60m); refreshing 30m before expiry instead.", plan.Note);
    }

    [Fact]
    public void Plan_ANormalCredential_HasNoNote()
    {
        Assert.Null(RefreshSchedule.Plan(s_issuedAt, s_issuedAt.AddHours(1), TimeSpan.FromMinutes(20), new FixedRandom(0), s_policy).Note);
    }

    [Fact]
    public void Plan_IsNeverLaterThanExpiryMinusRefreshBeforeNorSoonerThanTheMinimumInterval()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var lifetime = TimeSpan.FromSeconds(random.Next(60, 86_400));
            var before = TimeSpan.FromSeconds(random.Next(0, 100_000));
            var expiresAt = s_issuedAt + lifetime;

            var refreshAt = RefreshSchedule.Plan(s_issuedAt, expiresAt, before, random, s_policy).RefreshAt;

            var latest = expiresAt - (before < lifetime / 2 ? before : lifetime / 2);
            var earliest = s_issuedAt + s_policy.MinRefreshInterval;
            Assert.InRange(refreshAt, earliest, latest > earliest ? latest : earliest);
        }
    }

    [Fact]
    public void Plan_ManyCredentialsIssuedTogether_SpreadOverTheJitterWindow()
    {
        var random = new Random(7);
        var expiresAt = s_issuedAt.AddHours(1);

        var times = Enumerable.Range(0, 10_000).Select(_ => RefreshSchedule.Plan(s_issuedAt, expiresAt, null, random, s_policy).RefreshAt).ToList();

        // Whole seconds (as published): the 6-minute window has 360 of them, and nearly every one is used.
        Assert.True(times.Distinct().Count() > 340, "refresh times should fill the window's seconds");
        Assert.True(times.GroupBy(t => t).Max(g => g.Count()) < 60, "no second should take a crowd (about 28 each on average)");
        Assert.True(times.Max() - times.Min() > TimeSpan.FromMinutes(5.5), "spread should cover most of the 6-minute window");
    }

    [Fact]
    public void Plan_IsInWholeSeconds_AsStatusAndTheSecretPublishIt()
    {
        // Refreshing at the precise time put the refresh up to a second after the refreshAt users and a restarted operator
        // read (status and the Secret's annotation are whole seconds): the fleet benchmark measured that second as lateness.
        var random = new Random(11);
        for (var i = 0; i < 1_000; i++)
        {
            var issuedAt = s_issuedAt.AddTicks(random.NextInt64(TimeSpan.TicksPerDay));
            var expiresAt = issuedAt.AddSeconds(random.Next(1, 7_200)).AddTicks(random.Next(0, (int)TimeSpan.TicksPerSecond));

            var refreshAt = RefreshSchedule.Plan(issuedAt, expiresAt, null, random, s_policy).RefreshAt;

            Assert.Equal(0, refreshAt.UtcTicks % TimeSpan.TicksPerSecond);
            Assert.True(refreshAt >= issuedAt + s_policy.MinRefreshInterval, "never sooner than the minimum interval");
        }
    }

    public static TheoryData<string, int, double?, double, double?, double> RetryCases => new()
    {
        // failures, seconds until expiry (null: no valid credential), random draw, Retry-After (s), expected delay (s)
        { "first failure: the floor, not the initial delay", 1, null, FixedRandom.AlmostOne, null, 10 },
        { "first failure, zero draw: still the floor", 1, null, 0, null, 10 },
        { "doubles per failure", 3, null, FixedRandom.AlmostOne, null, 20 },
        { "without a valid credential: the steady cadence", 12, null, FixedRandom.AlmostOne, null, 30 },
        { "huge failure counts do not overflow", int.MaxValue, null, FixedRandom.AlmostOne, null, 30 },
        { "a tenth of the remaining validity caps it", 12, 600, FixedRandom.AlmostOne, null, 60 },
        { "a long remaining validity leaves the five-minute cap", 12, 86_400, FixedRandom.AlmostOne, null, 300 },
        { "close to expiry the floor applies", 12, 5, FixedRandom.AlmostOne, null, 10 },
        { "after expiry the steady cadence applies", 12, -60, FixedRandom.AlmostOne, null, 30 },
        { "early failures are not stretched by the remaining-validity cap", 2, 600, FixedRandom.AlmostOne, null, 10 },
        { "a longer Retry-After is honoured", 1, null, FixedRandom.AlmostOne, 45, 45 },
        { "a shorter Retry-After does not hurry it", 3, null, FixedRandom.AlmostOne, 2, 20 },
    };

    [Theory]
    [MemberData(nameof(RetryCases))]
    public void RetryDelay_Table(string because, int failures, double? secondsLeft, double draw, double? retryAfter, double expectedSeconds)
    {
        var now = s_issuedAt.AddMinutes(30);
        DateTimeOffset? expiresAt = secondsLeft is { } s ? now.AddSeconds(s) : null;

        var delay = RefreshSchedule.RetryDelay(failures, now, expiresAt, new FixedRandom(draw), s_policy,
            retryAfter is { } after ? TimeSpan.FromSeconds(after) : null);

        Assert.True(Math.Abs(delay.TotalSeconds - expectedSeconds) < 0.01, $"{because}: expected {expectedSeconds}s, got {delay.TotalSeconds}s");
    }

    [Fact]
    public void RetryDelay_StaysBetweenTheFloorAndATenthOfTheTimeLeft()
    {
        var random = new Random(3);
        var now = s_issuedAt;
        for (var i = 0; i < 10_000; i++)
        {
            var left = TimeSpan.FromSeconds(random.Next(1, 7_200));

            var delay = RefreshSchedule.RetryDelay(random.Next(1, 30), now, now + left, random, s_policy);

            var limit = left / 10 > s_policy.Floor ? left / 10 : s_policy.Floor;
            Assert.InRange(delay, s_policy.Floor, limit);
        }
    }

    [Fact]
    public void RetryDelay_ZeroFailures_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RefreshSchedule.RetryDelay(0, s_issuedAt, null, new FixedRandom(0), s_policy));
    }

    public static TheoryData<string, int, double?, double, double> ApiErrorCases => new()
    {
        // errors, seconds until the next deadline (null: none), random draw, expected delay (s)
        { "first error, zero draw: half a second", 1, null, 0, 0.5 },
        { "first error, full draw: a second", 1, null, FixedRandom.AlmostOne, 1 },
        { "doubles per error", 4, null, FixedRandom.AlmostOne, 8 },
        { "capped well below any refresh margin", 30, null, FixedRandom.AlmostOne, 30 },
        { "never past the credential's next deadline", 30, 3, FixedRandom.AlmostOne, 3 },
        { "a deadline already passed does not shorten it", 1, -10, FixedRandom.AlmostOne, 1 },
    };

    [Theory]
    [MemberData(nameof(ApiErrorCases))]
    public void ApiErrorDelay_Table(string because, int errors, double? secondsToDeadline, double draw, double expectedSeconds)
    {
        DateTimeOffset? deadline = secondsToDeadline is { } s ? s_issuedAt.AddSeconds(s) : null;

        var delay = RefreshSchedule.ApiErrorDelay(errors, s_issuedAt, deadline, new FixedRandom(draw), s_policy);

        Assert.True(Math.Abs(delay.TotalSeconds - expectedSeconds) < 0.01, $"{because}: expected {expectedSeconds}s, got {delay.TotalSeconds}s");
    }
}
