using Operator.Credentials.Reconciliation;

namespace Operator.Tests.Credentials;

public sealed class RefreshScheduleTests
{
    private static readonly DateTimeOffset s_issuedAt = new(2026, 8, 5, 12, 0, 0, TimeSpan.Zero);

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
    public void RefreshAt_Table(string because, double lifetimeMinutes, double refreshBeforeMinutes, double draw, double expectedBeforeExpiry)
    {
        var expiresAt = s_issuedAt.AddMinutes(lifetimeMinutes);
        TimeSpan? refreshBefore = refreshBeforeMinutes < 0 ? null : TimeSpan.FromMinutes(refreshBeforeMinutes);

        var refreshAt = RefreshSchedule.RefreshAt(s_issuedAt, expiresAt, refreshBefore, new FixedRandom(draw));

        Assert.True(Math.Abs((expiresAt - refreshAt).TotalMinutes - expectedBeforeExpiry) < 0.001,
            $"{because}: expected {expectedBeforeExpiry} min before expiry, got {(expiresAt - refreshAt).TotalMinutes}");
    }

    [Fact]
    public void RefreshAt_ExpiryNotAfterIssue_IsIssuedAt()
    {
        Assert.Equal(s_issuedAt, RefreshSchedule.RefreshAt(s_issuedAt, s_issuedAt.AddSeconds(-5), null, new FixedRandom(0.5)));
    }

    [Fact]
    public void RefreshAt_IsNeverLaterThanExpiryMinusRefreshBeforeNorBeforeIssue()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var lifetime = TimeSpan.FromSeconds(random.Next(1, 86_400));
            var before = TimeSpan.FromSeconds(random.Next(0, 100_000));
            var expiresAt = s_issuedAt + lifetime;

            var refreshAt = RefreshSchedule.RefreshAt(s_issuedAt, expiresAt, before, random);

            var latest = expiresAt - (before < lifetime / 2 ? before : lifetime / 2);
            Assert.InRange(refreshAt, s_issuedAt, latest);
        }
    }

    [Fact]
    public void RefreshAt_ManyCredentialsIssuedTogether_SpreadOverTheJitterWindow()
    {
        var random = new Random(7);
        var expiresAt = s_issuedAt.AddHours(1);

        var times = Enumerable.Range(0, 10_000).Select(_ => RefreshSchedule.RefreshAt(s_issuedAt, expiresAt, null, random)).ToList();

        Assert.True(times.Distinct().Count() > 9_000, "refresh times should rarely coincide");
        Assert.True(times.Max() - times.Min() > TimeSpan.FromMinutes(5.5), "spread should cover most of the 6-minute window");
    }

    public static TheoryData<string, int, double?, double, double> RetryCases => new()
    {
        // failures, seconds until expiry (null: no valid credential), random draw, expected delay in seconds
        { "first failure, full draw: the initial delay", 1, null, FixedRandom.AlmostOne, 5 },
        { "first failure, zero draw: half the initial delay", 1, null, 0, 2.5 },
        { "doubles per failure", 3, null, FixedRandom.AlmostOne, 20 },
        { "capped at five minutes", 12, null, FixedRandom.AlmostOne, 300 },
        { "huge failure counts do not overflow", int.MaxValue, null, FixedRandom.AlmostOne, 300 },
        { "a tenth of the remaining validity caps it", 12, 600, FixedRandom.AlmostOne, 60 },
        { "a long remaining validity leaves the normal cap", 12, 86_400, FixedRandom.AlmostOne, 300 },
        { "close to expiry the floor applies", 12, 5, FixedRandom.AlmostOne, 1 },
        { "after expiry the normal cap applies again", 12, -60, FixedRandom.AlmostOne, 300 },
        { "early failures are not stretched by the remaining-validity cap", 1, 600, FixedRandom.AlmostOne, 5 },
    };

    [Theory]
    [MemberData(nameof(RetryCases))]
    public void RetryDelay_Table(string because, int failures, double? secondsLeft, double draw, double expectedSeconds)
    {
        var now = s_issuedAt.AddMinutes(30);
        DateTimeOffset? expiresAt = secondsLeft is { } s ? now.AddSeconds(s) : null;

        var delay = RefreshSchedule.RetryDelay(failures, now, expiresAt, new FixedRandom(draw));

        Assert.True(Math.Abs(delay.TotalSeconds - expectedSeconds) < 0.01, $"{because}: expected {expectedSeconds}s, got {delay.TotalSeconds}s");
    }

    [Fact]
    public void RetryDelay_NeverExceedsATenthOfTheTimeLeftAboveTheFloor()
    {
        var random = new Random(3);
        var now = s_issuedAt;
        for (var i = 0; i < 10_000; i++)
        {
            var left = TimeSpan.FromSeconds(random.Next(1, 7_200));

            var delay = RefreshSchedule.RetryDelay(random.Next(1, 30), now, now + left, random);

            var limit = left / 10 > RefreshSchedule.MinRetryDelay ? left / 10 : RefreshSchedule.MinRetryDelay;
            Assert.InRange(delay, RefreshSchedule.MinRetryDelay, limit);
        }
    }

    [Fact]
    public void RetryDelay_ZeroFailures_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RefreshSchedule.RetryDelay(0, s_issuedAt, null, new FixedRandom(0)));
    }
}
