namespace Operator.Runtime;

/// <summary>
/// Exponential backoff with jitter: <c>min(initial·2^attempt, max)</c>, then scaled by a random factor in
/// [1, 1+jitter). The jitter spreads retries of many clients (or keys) so they do not hit the server together.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, double jitter = 0.2, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based). Never above max·(1+jitter).</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt, 0), 62);
        var baseTicks = Math.Min(initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)(baseTicks * (1 + (jitter * _random.NextDouble()))));
    }
}
