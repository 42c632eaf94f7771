namespace Operator.Runtime;

/// <summary>A LIST call: a page of at most <paramref name="Limit"/> objects, after <paramref name="Continue"/>.</summary>
internal sealed record ListRequest(string? LabelSelector, int Limit, string? Continue);
