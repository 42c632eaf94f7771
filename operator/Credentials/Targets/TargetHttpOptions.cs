namespace Operator.Credentials.Targets;

/// <summary>How the operator talks to target services (bound from <c>Operator:Targets</c>).</summary>
internal sealed class TargetHttpOptions
{
    /// <summary>How long one exchange request may take before it fails as ExchangeFailed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{section}:Timeout must be positive and at most 5 minutes (got {Timeout}).";
        }
    }
}
