namespace Operator.Credentials.Throttling;

internal sealed class ExchangeRateOptions
{
    /// <summary>Sustained exchanges per second allowed against one cloud endpoint or target service.</summary>
    public double PerSecond { get; set; } = 10;

    /// <summary>Exchanges allowed in a burst before the sustained rate applies.</summary>
    public int Burst { get; set; } = 20;
}
