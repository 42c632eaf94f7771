namespace Operator.Testing.KubeApi.Watch;

/// <summary>
/// When one watch ends and when it sends bookmarks (W5, W7): the deadline from timeoutSeconds (default random in
/// [1800, 3600] s, minRequestTimeout), a bookmark every interval and one about 2 s before the deadline.
/// </summary>
internal sealed class WatchSchedule
{
    private static readonly TimeSpan s_finalBookmarkLead = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _interval;
    private readonly bool _bookmarks;
    private DateTimeOffset _nextBookmark;
    private bool _finalBookmarkSent;

    public WatchSchedule(DateTimeOffset now, int? timeoutSeconds, TimeSpan interval, bool bookmarks)
    {
        var timeout = TimeSpan.FromSeconds(timeoutSeconds ?? Random.Shared.Next(1800, 3601));
        Deadline = now + timeout;
        _interval = interval;
        _bookmarks = bookmarks;
        _nextBookmark = now + interval;
        _finalBookmarkSent = timeout <= s_finalBookmarkLead;
    }

    public DateTimeOffset Deadline { get; }

    /// <summary>True (and the next bookmark rescheduled) when a bookmark is due at <paramref name="now"/>.</summary>
    public bool TakeBookmark(DateTimeOffset now)
    {
        var final = !_finalBookmarkSent && now >= Deadline - s_finalBookmarkLead;
        if (!_bookmarks || (now < _nextBookmark && !final))
        {
            return false;
        }
        _finalBookmarkSent |= final;
        _nextBookmark = now + _interval;
        return true;
    }

    /// <summary>The next moment something is due without an event arriving.</summary>
    public DateTimeOffset NextWake()
    {
        if (!_bookmarks)
        {
            return Deadline;
        }
        var finalBookmark = _finalBookmarkSent ? Deadline : Deadline - s_finalBookmarkLead;
        return new[] { Deadline, _nextBookmark, finalBookmark }.Min();
    }
}
