namespace Operator.Testing.KubeApi.Faults;

/// <summary>
/// One injected fault. <see cref="Verb"/> (get, list, watch, create, update, patch, delete, deletecollection) and
/// <see cref="Resource"/> (plural, e.g. `secrets`, optionally `widgets.example.com`) filter; null matches all.
/// <see cref="Count"/> limits it to the next N matching requests; null keeps it until cleared.
/// </summary>
public sealed record FaultRule(FaultKind Kind)
{
    public string? Verb { get; init; }

    public string? Resource { get; init; }

    public int? Count { get; init; }

    public int StatusCode { get; init; } = 500;

    public int RetryAfterSeconds { get; init; } = 1;

    public TimeSpan Latency { get; init; }

    /// <summary>Overrides the default Status message of an <see cref="FaultKind.Error"/>.</summary>
    public string? Message { get; init; }

    internal bool Matches(string verb, string plural, string qualifiedResource) =>
        (Verb is null || string.Equals(Verb, verb, StringComparison.OrdinalIgnoreCase))
        && (Resource is null || Resource == plural || Resource == qualifiedResource);
}
