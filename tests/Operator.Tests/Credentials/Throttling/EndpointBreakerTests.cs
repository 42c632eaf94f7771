using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Throttling;

/// <summary>An endpoint that keeps failing gets one probe at a time; its answer decides for everyone waiting.</summary>
public sealed class EndpointBreakerTests
{
    private static readonly TimeSpan s_first = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_max = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly EndpointBreaker _breaker;

    public EndpointBreakerTests() => _breaker = new EndpointBreaker(_time, s_first, s_max);

    [Fact]
    public void TwoFailures_KeepItClosed_TheThirdOpensIt()
    {
        _breaker.Failed(null);
        _breaker.Failed(null);
        Assert.True(_breaker.TryAdmit().Admitted);

        _breaker.Failed(null);

        var refused = _breaker.TryAdmit();
        Assert.False(refused.Admitted);
        Assert.Equal(_time.GetUtcNow() + s_first, refused.NextProbeAt);
        Assert.Equal(BreakerState.Open, _breaker.State);
    }

    [Fact]
    public void AfterTheOpenInterval_OneProbeGoesThrough_AndEveryoneElseWaits()
    {
        Open();
        _time.Advance(s_first);

        var probe = _breaker.TryAdmit();
        var second = _breaker.TryAdmit();

        Assert.True(probe.Admitted);
        Assert.False(second.Admitted);
        Assert.Equal(BreakerState.HalfOpen, _breaker.State);
    }

    [Fact]
    public void ProbeSucceeds_ClosesIt_ForEveryone()
    {
        Open();
        _time.Advance(s_first);
        _breaker.TryAdmit();

        _breaker.Succeeded();

        Assert.Equal(BreakerState.Closed, _breaker.State);
        Assert.True(_breaker.TryAdmit().Admitted);
        Assert.True(_breaker.TryAdmit().Admitted);
    }

    [Fact]
    public void ProbeFails_OpensItForTwiceAsLong_UpToTheMaximum()
    {
        Open();
        var intervals = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(_breaker.TryAdmit().Admitted);
            _breaker.Failed(null);
            intervals.Add(_breaker.TryAdmit().NextProbeAt!.Value - _time.GetUtcNow());
        }

        Assert.Equal([TimeSpan.FromSeconds(20), s_max, s_max], intervals);
    }

    [Fact]
    public void RetryAfter_OpensItAtOnce_ForThatLong()
    {
        _breaker.Failed(TimeSpan.FromSeconds(45));

        var refused = _breaker.TryAdmit();

        Assert.False(refused.Admitted);
        Assert.Equal(_time.GetUtcNow().AddSeconds(45), refused.NextProbeAt);
        _time.Advance(TimeSpan.FromSeconds(44));
        Assert.False(_breaker.TryAdmit().Admitted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_breaker.TryAdmit().Admitted);
    }

    [Fact]
    public void AnAbandonedProbe_LetsTheNextCallerProbe()
    {
        Open();
        _time.Advance(s_first);
        Assert.True(_breaker.TryAdmit().Admitted);

        _breaker.Abandon();

        Assert.True(_breaker.TryAdmit().Admitted);
    }

    [Fact]
    public void AProbeThatNeverReports_StopsBlockingAfterTwoMinutes()
    {
        Open();
        _time.Advance(s_first);
        Assert.True(_breaker.TryAdmit().Admitted);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_breaker.TryAdmit().Admitted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_breaker.TryAdmit().Admitted);
    }

    [Fact]
    public void Success_ResetsTheFailureCount()
    {
        _breaker.Failed(null);
        _breaker.Failed(null);
        _breaker.Succeeded();
        _breaker.Failed(null);
        _breaker.Failed(null);

        Assert.True(_breaker.TryAdmit().Admitted);
    }

    private void Open()
    {
        for (var i = 0; i < EndpointBreaker.FailureThreshold; i++)
        {
            _breaker.Failed(null);
        }
    }
}
