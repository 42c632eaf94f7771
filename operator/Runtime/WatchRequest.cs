namespace Operator.Runtime;

/// <summary>A WATCH from <paramref name="ResourceVersion"/>, which the server ends after <paramref name="TimeoutSeconds"/>.</summary>
internal sealed record WatchRequest(string ResourceVersion, string? LabelSelector, int TimeoutSeconds);
