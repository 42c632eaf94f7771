namespace Operator.Tests.Credentials;

/// <summary>A random source that always draws the same value in [0, 1), to pin jitter at its bounds.</summary>
internal sealed class FixedRandom(double value) : Random
{
    /// <summary>The largest double below 1, i.e. "full jitter".</summary>
    public const double AlmostOne = 0.9999999999999999;

    public override double NextDouble() => value;
}
