namespace Operator.Runtime;

/// <summary>One page of a LIST; <see cref="Continue"/> is set while more pages remain.</summary>
internal sealed record ResourcePage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue)
{
    /// <summary>Items left out because the model cannot hold them (<see cref="ReadableItems{T}"/>).</summary>
    public IReadOnlyList<UnreadableItem> Unreadable { get; init; } = [];
}
