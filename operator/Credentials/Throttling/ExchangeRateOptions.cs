namespace Operator.Credentials.Throttling;

/// <summary>How fast exchanges may go, per cloud endpoint and per target service (bound from <c>Operator:ExchangeRate</c>).</summary>
internal sealed class ExchangeRateOptions
{
    /// <summary>Sustained exchanges per second allowed against one cloud endpoint or target service.</summary>
    public double PerSecond { get; set; } = 10;

    /// <summary>Exchanges allowed in a burst before the sustained rate applies.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (PerSecond <= 0 || Burst < 1)
        {
            yield return $"{section}:PerSecond must be positive and {section}:Burst at least 1.";
        }
    }
}
