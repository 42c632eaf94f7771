using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
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
internal sealed class WatchStream(ClusterState cluster, WatchHub hub, FaultInjector faults, IEnumerable<IResponseShaper> shapers,
    IHostApplicationLifetime host)
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
        // Taken before the watch is subscribed and tracked, so a test that moves a fake clock as soon as the watch
        // is counted (FaultInjector.ActiveWatchCount) never moves it before the deadline and bookmark times exist.
        var schedule = new WatchSchedule(cluster.Time.GetUtcNow(), request.TimeoutSeconds, cluster.Options.BookmarkInterval, request.AllowBookmarks);
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
            await StreamAsync(context, type, filter, urlName, request, subscription, schedule);
        }
    }

    private async Task StreamAsync(HttpContext context, ResourceType type, WatchEventFilter filter, string? urlName, ListRequest request,
        WatchSubscription subscription, WatchSchedule schedule)
    {
        // The emulator stopping ends the watch too: one opened after DisposeAsync ended the tracked watches would
        // otherwise hold the server's shutdown until its timeout.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(host.ApplicationStopping);
        var lifetime = new Lock();
        var finished = false;
        // A fault may end this watch from another thread; the lock keeps it from touching a context that is already
        // finished and recycled (Kestrel reuses HttpContext objects).
        using var tracking = faults.TrackWatch(type.Plural, type.QualifiedResource, abrupt =>
        {
            lock (lifetime)
            {
                if (finished)
                {
                    return;
                }
                if (abrupt)
                {
                    context.Abort();
                }
                ended.Cancel();
            }
        });
        try
        {
            await LoopAsync(context, type, filter, urlName, request, subscription, schedule, ended.Token);
        }
        finally
        {
            lock (lifetime)
            {
                finished = true;
            }
        }
    }

    private async Task LoopAsync(HttpContext context, ResourceType type, WatchEventFilter filter, string? urlName, ListRequest request,
        WatchSubscription subscription, WatchSchedule schedule, CancellationToken ended)
    {
        var time = cluster.Time;
        var progress = new WatchProgress(subscription.InitialCount, request.SendInitialEvents != true, subscription.StartRevision);
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
                // Never the store's current revision: an event committed meanwhile may still be queued, and a client
                // resuming from a bookmark past it would lose it.
                await context.Response.Body.WriteAsync(WatchLines.Bookmark(type, progress.Revision, false), context.RequestAborted);
                continue;
            }
            await WaitAsync(subscription, schedule.NextWake(), time, context.RequestAborted, ended);
        }
    }

    /// <summary>Writes every queued event this watch sees, then the initial-events-end bookmark once it is due (W6).</summary>
    private static async Task DrainAsync(HttpContext context, ResourceType type, WatchEventFilter filter, string? urlName, ListRequest request,
        WatchSubscription subscription, WatchProgress progress)
    {
        while (subscription.Channel.Reader.TryRead(out var e))
        {
            progress.Pending--;
            progress.Revision = Math.Max(progress.Revision, e.Revision);
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

    /// <summary>
    /// How many initial (synthetic ADDED) events are still queued, whether their end was marked, and the revision
    /// this watch has delivered up to (every event at or below it has been read, whether or not it passed the filter).
    /// </summary>
    private sealed class WatchProgress(int pending, bool endSent, long revision)
    {
        public long Revision { get; set; } = revision;

        public int Pending { get; set; } = pending;

        public bool EndSent { get; set; } = endSent;
    }
}
