using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Throttling;

/// <summary>
/// Who gets the next token: earliest deadline first within a namespace, and capacity shared across namespaces, so
/// that one namespace's burst cannot starve another's (docs/behaviour.md §3). One token a second on a fake clock;
/// each test spends the single token first, queues its waiters, then advances one token at a time.
/// </summary>
public sealed class TokenBucketOrderTests
{
    private static readonly TimeSpan s_perToken = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ExchangeTurn Turn(ExchangeClass kind, int deadlineInMinutes, string ns = "team-a") =>
        new(kind, s_now.AddMinutes(deadlineInMinutes), ns);

    private TokenBucket SpentBucket()
    {
        var bucket = new TokenBucket(1, s_perToken, _time);
        _ = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 60), Ct);
        return bucket;
    }

    /// <summary>One token at a time: the fake clock fires a timer once per advance, and the bucket holds only one token.</summary>
    private void AdvanceTokens(int tokens)
    {
        for (var i = 0; i < tokens; i++)
        {
            _time.Advance(s_perToken);
        }
    }

    /// <summary>Advances one token at a time and names the waiters in the order they were granted.</summary>
    private List<string> GrantOrder(IReadOnlyDictionary<string, Task> waiters)
    {
        var granted = new List<string>();
        for (var i = 0; i < waiters.Count; i++)
        {
            _time.Advance(s_perToken);
            granted.AddRange(waiters.Where(w => w.Value.IsCompletedSuccessfully && !granted.Contains(w.Key)).Select(w => w.Key));
        }

        return granted;
    }

    [Fact]
    public void WaitAsync_OneNamespace_ExpiredFirstThenFirstIssuesThenRefreshesByDeadline()
    {
        using var bucket = SpentBucket();
        var waiters = new Dictionary<string, Task>
        {
            ["refresh expiring in 30 min"] = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 30), Ct),
            ["first issue asked at 12:01"] = bucket.WaitAsync(Turn(ExchangeClass.FirstIssue, 1), Ct),
            ["refresh expiring in 5 min"] = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 5), Ct),
            ["expired 1 min ago"] = bucket.WaitAsync(Turn(ExchangeClass.Expired, -1), Ct),
            ["first issue asked at 12:00"] = bucket.WaitAsync(Turn(ExchangeClass.FirstIssue, 0), Ct),
            ["expired 20 min ago"] = bucket.WaitAsync(Turn(ExchangeClass.Expired, -20), Ct),
        };

        Assert.Equal(
            ["expired 20 min ago", "expired 1 min ago", "first issue asked at 12:00", "first issue asked at 12:01", "refresh expiring in 5 min", "refresh expiring in 30 min"],
            GrantOrder(waiters));
    }

    [Fact]
    public void WaitAsync_RefreshesDueByExpiry_TheOneExpiringSoonerGoesFirstWhateverTheArrival()
    {
        using var bucket = SpentBucket();
        var later = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 50), Ct);
        var sooner = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 2), Ct);

        _time.Advance(s_perToken);

        Assert.True(sooner.IsCompletedSuccessfully);
        Assert.False(later.IsCompleted);
    }

    [Fact]
    public void WaitAsync_FiveThousandFirstIssuesInOneNamespace_AnotherNamespacesRefreshIsServedWithinTwoTokens()
    {
        using var bucket = SpentBucket();
        var burst = Enumerable.Range(0, 5_000).Select(i => bucket.WaitAsync(Turn(ExchangeClass.FirstIssue, 0, "team-a"), Ct)).ToList();
        var refresh = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 10, "team-b"), Ct);

        AdvanceTokens(2);

        Assert.True(refresh.IsCompletedSuccessfully);
        Assert.Equal(1, burst.Count(t => t.IsCompletedSuccessfully));
    }

    [Fact]
    public void WaitAsync_ThousandsExpiredInOneNamespace_AnotherNamespacesFirstIssueIsNotHeldBack()
    {
        // Editing one's own Secrets' data makes them count as expired: that must not buy a namespace the whole bucket.
        using var bucket = SpentBucket();
        var damaged = Enumerable.Range(0, 2_000).Select(i => bucket.WaitAsync(Turn(ExchangeClass.Expired, -i, "team-a"), Ct)).ToList();
        _time.Advance(s_perToken);
        var firstIssue = bucket.WaitAsync(Turn(ExchangeClass.FirstIssue, 0, "team-b"), Ct);

        _time.Advance(s_perToken);

        Assert.True(firstIssue.IsCompletedSuccessfully);
        Assert.Equal(1, damaged.Count(t => t.IsCompletedSuccessfully));
    }

    [Fact]
    public void WaitAsync_TwoNamespacesWithBacklogs_ShareTheTokensEvenly()
    {
        using var bucket = SpentBucket();
        var a = Enumerable.Range(0, 100).Select(i => bucket.WaitAsync(Turn(ExchangeClass.FirstIssue, 0, "team-a"), Ct)).ToList();
        var b = Enumerable.Range(0, 100).Select(i => bucket.WaitAsync(Turn(ExchangeClass.Refresh, 30, "team-b"), Ct)).ToList();

        AdvanceTokens(20);

        Assert.Equal((10, 10), (a.Count(t => t.IsCompletedSuccessfully), b.Count(t => t.IsCompletedSuccessfully)));
    }

    [Fact]
    public void WaitAsync_ManyNamespacesWaiting_TheMostUrgentHeadOpensEachRound()
    {
        using var bucket = SpentBucket();
        var refreshes = Enumerable.Range(0, 5).Select(i => bucket.WaitAsync(Turn(ExchangeClass.Refresh, 30, $"team-{i}"), Ct)).ToList();
        var expired = bucket.WaitAsync(Turn(ExchangeClass.Expired, -1, "team-z"), Ct);

        _time.Advance(s_perToken);

        Assert.True(expired.IsCompletedSuccessfully);
        Assert.All(refreshes, t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public void WaitAsync_NamespaceServedThisRound_WaitsWhileTheOthersGetTheirTurn()
    {
        using var bucket = SpentBucket();
        var a = Enumerable.Range(0, 3).Select(i => bucket.WaitAsync(Turn(ExchangeClass.Expired, -10, "team-a"), Ct)).ToList();
        var b = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 30, "team-b"), Ct);
        var c = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 40, "team-c"), Ct);

        AdvanceTokens(3);

        // team-a's expired credentials are the most urgent, but it had its turn in this round.
        Assert.Equal(1, a.Count(t => t.IsCompletedSuccessfully));
        Assert.True(b.IsCompletedSuccessfully);
        Assert.True(c.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_CancelledHeadOfANamespace_TheNamespacesNextWaiterTakesItsPlaceInTheRound()
    {
        using var bucket = SpentBucket();
        using var cts = new CancellationTokenSource();
        var cancelled = bucket.WaitAsync(Turn(ExchangeClass.Expired, -5, "team-b"), cts.Token);
        var next = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 5, "team-b"), Ct);
        var other = bucket.WaitAsync(Turn(ExchangeClass.Refresh, 30, "team-a"), Ct);

        cts.Cancel();
        _time.Advance(s_perToken);

        Assert.True(cancelled.IsCanceled);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.False(other.IsCompleted);
    }
}
