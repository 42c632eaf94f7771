using Operator.Runtime;
using Operator.Tests.Credentials;

namespace Operator.Tests.Runtime;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 800)]
    [InlineData(1, 1600)]
    [InlineData(3, 6400)]
    [InlineData(5, 25600)]
    [InlineData(6, 30000)]
    [InlineData(100, 30000)]
    public void Delay_DoublesPerAttemptUpToTheCap_PlusAtMostTheJitter(int attempt, double baseMilliseconds)
    {
        // The random draw pinned at both ends: no jitter, and full jitter (a fifth more, never reached).
        var least = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), jitter: 0.2, new FixedRandom(0));
        var most = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), jitter: 0.2, new FixedRandom(FixedRandom.AlmostOne));

        Assert.Equal(TimeSpan.FromMilliseconds(baseMilliseconds), least.Delay(attempt));
        Assert.InRange(most.Delay(attempt).TotalMilliseconds, baseMilliseconds * 1.2 - 0.001, baseMilliseconds * 1.2);
    }

    [Fact]
    public void Delay_ScalesWithTheRandomDraw_SoRetriesSpread()
    {
        TimeSpan DelayWith(double draw) => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0.5, new FixedRandom(draw)).Delay(2);

        Assert.Equal([4000, 4500, 5000], new[] { 0, 0.25, 0.5 }.Select(draw => DelayWith(draw).TotalMilliseconds));
    }
}
