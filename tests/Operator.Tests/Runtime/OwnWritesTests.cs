using k8s;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class OwnWritesTests
{
    private static readonly ObjectKey s_key = new("ns", "app");
    private readonly OwnWrites _writes = new();
    private readonly List<string> _enqueued = [];

    private void Observe(WatchEventType type, string rv) => _writes.Observe(s_key, type, rv, () => _enqueued.Add(rv));

    [Fact]
    public void EventOfOurWrite_AfterItsResponse_IsSkipped_AndForgotten()
    {
        using (var write = _writes.Begin(s_key))
        {
            write.Completed("7");
        }

        Observe(WatchEventType.Modified, "7");

        Assert.Empty(_enqueued);
        Assert.Equal(0, _writes.Count);
    }

    [Fact]
    public void EventOfOurWrite_BeforeItsResponse_IsHeld_ThenSkipped()
    {
        // The watch may deliver the write before the response of the call that made it.
        var write = _writes.Begin(s_key);
        Observe(WatchEventType.Modified, "7");
        Assert.Empty(_enqueued);

        write.Completed("7");
        write.Dispose();

        Assert.Empty(_enqueued);
        Assert.Equal(0, _writes.Count);
    }

    [Fact]
    public void OthersChange_WhileOurWriteIsUnderWay_IsReleasedWhenItEnds()
    {
        var write = _writes.Begin(s_key);
        Observe(WatchEventType.Modified, "6");

        write.Completed("7");
        write.Dispose();

        Assert.Equal(["6"], _enqueued);
    }

    [Fact]
    public void OthersChange_AfterOurWrite_Reconciles()
    {
        using (var write = _writes.Begin(s_key))
        {
            write.Completed("7");
        }

        Observe(WatchEventType.Modified, "8");

        Assert.Equal(["8"], _enqueued);
    }

    [Fact]
    public void FailedWrite_ReleasesWhatItHeld()
    {
        var write = _writes.Begin(s_key);
        Observe(WatchEventType.Modified, "7");

        write.Dispose();

        Assert.Equal(["7"], _enqueued);
        Assert.Equal(0, _writes.Count);
    }

    [Fact]
    public void Deletion_AlwaysReconciles_AndForgetsTheObject()
    {
        using (var write = _writes.Begin(s_key))
        {
            write.Completed("7");
        }

        Observe(WatchEventType.Deleted, "7");

        Assert.Equal(["7"], _enqueued);
        Assert.Equal(0, _writes.Count);
    }

    [Fact]
    public void NothingWritten_EventsGoThrough()
    {
        using (_writes.Begin(s_key))
        {
        }

        Observe(WatchEventType.Modified, "7");
        Observe(WatchEventType.Added, "8");

        Assert.Equal(["7", "8"], _enqueued);
    }

    [Fact]
    public void OtherObjects_AreNotAffected()
    {
        using (var write = _writes.Begin(s_key))
        {
            write.Completed("7");
        }

        _writes.Observe(new ObjectKey("ns", "other"), WatchEventType.Modified, "7", () => _enqueued.Add("other"));

        Assert.Equal(["other"], _enqueued);
    }

    [Fact]
    public void Memory_IsBoundedPerObject_WhenEventsNeverCome()
    {
        for (var rv = 1; rv <= 100; rv++)
        {
            using var write = _writes.Begin(s_key);
            write.Completed(rv.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Only the latest few are remembered: an old version's event (a relist may skip them) reconciles, which is harmless.
        Observe(WatchEventType.Modified, "1");
        Observe(WatchEventType.Modified, "100");

        Assert.Equal(["1"], _enqueued);
        Assert.Equal(1, _writes.Count);
    }
}
