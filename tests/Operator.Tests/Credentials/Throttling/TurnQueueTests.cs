using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Throttling;

/// <summary>The line itself, without a clock: what leaves it and when it is empty.</summary>
public sealed class TurnQueueTests
{
    private static readonly ExchangeTurn s_turn = new(ExchangeClass.FirstIssue, DateTimeOffset.UnixEpoch, "team-a");

    [Fact]
    public void Remove_AWaitingEntry_LeavesTheLineAtOnce()
    {
        var queue = new TurnQueue<string>();
        var abandoned = queue.Enqueue(s_turn, "abandoned");
        queue.Enqueue(s_turn, "kept");

        Assert.True(queue.Remove(abandoned));

        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryDequeue(out var next));
        Assert.Equal("kept", next);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void Remove_AnEntryAlreadyDequeued_ChangesNothing()
    {
        var queue = new TurnQueue<string>();
        var served = queue.Enqueue(s_turn, "served");
        queue.TryDequeue(out _);
        queue.Enqueue(s_turn with { Namespace = "team-b" }, "other");

        Assert.False(queue.Remove(served));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void TryDequeue_NamespaceEmptiedAndRefilledInTheSameRound_WaitsForTheNextRound()
    {
        var queue = new TurnQueue<string>();
        queue.Enqueue(s_turn, "a1");
        queue.Enqueue(s_turn with { Namespace = "team-b" }, "b1");
        queue.Enqueue(s_turn with { Namespace = "team-b" }, "b2");
        queue.TryDequeue(out _);
        queue.Enqueue(s_turn with { Class = ExchangeClass.Expired }, "a2");

        Assert.True(queue.TryDequeue(out var second));
        Assert.True(queue.TryDequeue(out var third));

        Assert.Equal(("b1", "a2"), (second, third));
    }
}
