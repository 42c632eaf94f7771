namespace Operator.Credentials.Targets;

/// <summary>How the operator talks to target services (bound from <c>Operator:Targets</c>).</summary>
internal sealed class TargetHttpOptions
{
    /// <summary>How long one exchange request may take before it fails as ExchangeFailed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
