namespace Operator.Credentials.Throttling;

/// <summary>How fast exchanges may go, per cloud endpoint and per target service (bound from <c>Operator:ExchangeRate</c>).</summary>
internal sealed class ExchangeRateOptions
{
    /// <summary>
    /// Sustained exchanges per second allowed against one cloud endpoint or target service. AWS STS's published
    /// quota is 600 requests per second per account and Region, shared with every other caller in that account:
    /// 200 uses a third of it and issues 10,000 credentials in under a minute. An outage is the breakers' job
    /// (<see cref="EndpointBreaker"/>), not the rate's. To be confirmed by the fleet benchmark (README, Configuration).
    /// </summary>
    public double PerSecond { get; set; } = 200;

    /// <summary>Exchanges allowed at once after a quiet spell (half a second at the default rate).</summary>
    public int Burst { get; set; } = 100;

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (PerSecond <= 0 || Burst < 1)
        {
            yield return $"{section}:PerSecond must be positive and {section}:Burst at least 1.";
        }
    }
}
