using Operator.Runtime;

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
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), jitter: 0.2);

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(backoff.Delay(attempt).TotalMilliseconds, baseMilliseconds, baseMilliseconds * 1.2);
        }
    }

    [Fact]
    public void Delay_WithJitter_SpreadsRetries()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0.5);

        var distinct = Enumerable.Range(0, 20).Select(_ => backoff.Delay(2)).Distinct().Count();

        Assert.True(distinct > 1);
    }
}
