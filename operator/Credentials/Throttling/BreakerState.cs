namespace Operator.Credentials.Throttling;

/// <summary>An endpoint breaker's state; the numbers are the metric's values.</summary>
internal enum BreakerState
{
    /// <summary>The endpoint answers: every exchange goes through.</summary>
    Closed = 0,

    /// <summary>The endpoint keeps failing: exchanges are refused without a call until the next probe.</summary>
    Open = 1,

    /// <summary>One probe is on its way; everything else waits for its answer.</summary>
    HalfOpen = 2,
}
