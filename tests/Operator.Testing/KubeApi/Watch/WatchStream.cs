using System.Globalization;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;

namespace Operator.Testing.KubeApi.Watch;

/// <summary>
/// One watch request (W1–W8): 200 with chunked JSON lines, flushed whenever the queue is drained. Like the real
/// server, nothing is written until there is an event, so a client that waits for the first line (C4) waits.
/// Deadlines and bookmarks run on the emulator's TimeProvider.
/// </summary>
internal sealed class WatchStream(ClusterState cluster, WatchHub hub, FaultInjector faults, IEnumerable<IResponseShaper> shapers)
{
    public async Task ServeAsync(HttpContext context, ResourceType type, string? ns, string? urlName, ListRequest request, bool forceExpired)
    {
        if (urlName is not null && request.Fields.RequiredName is { } selected && selected != urlName)
        {
            throw StatusErrors.BadRequest($"fieldSelector metadata.name={selected} doesn't match requested name {urlName}");
        }
        var sendInitial = request.SendInitialEvents == true;
        long? from = sendInitial || request.ResourceVersion is null or "0"
            ? null
            : long.TryParse(request.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv
            : throw StatusErrors.BadRequest($"invalid resource version: strconv.ParseUint: parsing \"{request.ResourceVersion}\": invalid syntax");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        WatchSubscription subscription;
        try
        {
            subscription = forceExpired
                ? throw StatusErrors.Expired($"too old resource version: {from ?? 0} ({cluster.Store.Revision})")
                : hub.Subscribe(type.StorageKey, from);
        }
        catch (KubeApiException e) when (e.Code == 410)
        {
            await context.Response.Body.WriteAsync(WatchLines.Event("ERROR", e.Status), context.RequestAborted);
            return;
        }
        using (subscription)
        {
            await context.Response.StartAsync(context.RequestAborted);
            var shaper = shapers.FirstOrDefault(s => s.CanShape(context.Request));
            var filter = new WatchEventFilter(type, ns, request, shaper is null ? null : o => shaper.ShapeWatchObject(context.Request, type, o));
            await StreamAsync(context, type, filter, urlName, request, subscription);
        }
    }

    private async Task StreamAsync(HttpContext context, ResourceType type, WatchEventFilter filter, string? urlName, ListRequest request,
        WatchSubscription subscription)
    {
        var time = cluster.Time;
        var schedule = new WatchSchedule(time.GetUtcNow(), request.TimeoutSeconds, cluster.Options.BookmarkInterval, request.AllowBookmarks);
        var progress = new InitialEvents(subscription.InitialCount, request.SendInitialEvents != true);
        using var ended = new CancellationTokenSource();
        using var tracking = faults.TrackWatch(type.Plural, type.QualifiedResource, abrupt =>
        {
            try
            {
                if (abrupt)
                {
                    context.Abort();
                }
                ended.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request finished while being ended: nothing left to end.
            }
        });
        while (true)
        {
            await DrainAsync(context, type, filter, urlName, request, subscription, progress);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            var now = time.GetUtcNow();
            if (now >= schedule.Deadline || ended.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            if (schedule.TakeBookmark(now))
            {
                await context.Response.Body.WriteAsync(WatchLines.Bookmark(type, cluster.Store.Revision, false), context.RequestAborted);
                continue;
            }
            await WaitAsync(subscription, schedule.NextWake(), time, context.RequestAborted, ended.Token);
        }
    }

    /// <summary>Writes every queued event this watch sees, then the initial-events-end bookmark once it is due (W6).</summary>
    private static async Task DrainAsync(HttpContext context, ResourceType type, WatchEventFilter filter, string? urlName, ListRequest request,
        WatchSubscription subscription, InitialEvents progress)
    {
        while (subscription.Channel.Reader.TryRead(out var e))
        {
            progress.Pending--;
            if ((urlName is null || e.Name == urlName) && filter.Apply(e) is { } visible)
            {
                await context.Response.Body.WriteAsync(WatchLines.Event(visible.Type, visible.Object), context.RequestAborted);
            }
            if (!progress.EndSent && progress.Pending <= 0)
            {
                progress.EndSent = await SendInitialEndAsync(context, type, request, subscription.StartRevision);
            }
        }
        if (!progress.EndSent)
        {
            progress.EndSent = await SendInitialEndAsync(context, type, request, subscription.StartRevision);
        }
    }

    private static async Task<bool> SendInitialEndAsync(HttpContext context, ResourceType type, ListRequest request, long revision)
    {
        if (request.AllowBookmarks)
        {
            await context.Response.Body.WriteAsync(WatchLines.Bookmark(type, revision, true), context.RequestAborted);
        }
        return true;
    }

    /// <summary>Waits for an event or until <paramref name="wake"/>; the delay is taken from the clock at the last moment
    /// so that a fake clock advanced meanwhile is not missed.</summary>
    private static async Task WaitAsync(WatchSubscription subscription, DateTimeOffset wake, TimeProvider time, CancellationToken aborted, CancellationToken ended)
    {
        var delay = wake - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return; // a fake clock's timer for "now" would only fire on the next Advance
        }
        using var timer = new CancellationTokenSource(delay, time);
        if (time.GetUtcNow() >= wake)
        {
            return; // the clock moved while the timer was being made; it would count from the new time
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, aborted, ended);
        try
        {
            await subscription.Channel.Reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // A deadline, bookmark time, fault or disconnect: the loop decides which.
        }
    }

    /// <summary>How many initial (synthetic ADDED) events are still queued, and whether their end was marked.</summary>
    private sealed class InitialEvents(int pending, bool endSent)
    {
        public int Pending { get; set; } = pending;

        public bool EndSent { get; set; } = endSent;
    }
}
