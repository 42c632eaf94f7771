namespace Operator.Runtime;

/// <summary>One page of a LIST; <see cref="Continue"/> is set while more pages remain.</summary>
internal sealed record ResourcePage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);

/// <summary>A LIST call: a page of at most <paramref name="Limit"/> objects, after <paramref name="Continue"/>.</summary>
internal sealed record ListRequest(string? LabelSelector, int Limit, string? Continue);

/// <summary>A WATCH from <paramref name="ResourceVersion"/>, which the server ends after <paramref name="TimeoutSeconds"/>.</summary>
internal sealed record WatchRequest(string ResourceVersion, string? LabelSelector, int TimeoutSeconds);

/// <summary>One watch event; for a bookmark only <c>metadata.resourceVersion</c> is meaningful.</summary>
internal sealed record ResourceEvent<T>(k8s.WatchEventType Type, T Object);
