namespace Operator.Runtime;

/// <summary>One page of a LIST; <see cref="Continue"/> is set while more pages remain.</summary>
internal sealed record ResourcePage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
