using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// One list-then-watch loop, as client-go's reflector: a paginated LIST, then a WATCH from the list's resourceVersion
/// with bookmarks and a server timeout. A clean close re-watches from the last resourceVersion seen; 410 Expired relists
/// (and vanished objects become deletes); other failures back off with jitter, honouring Retry-After. A client-side
/// deadline cancels a watch that has gone silent past its server timeout, since such watches are known to hang.
/// What it reads goes to its <see cref="Informer{T}"/>; an informer of several namespaces runs one reflector each,
/// since the API can watch one namespace or all of them, never a list.
/// </summary>
internal sealed class Reflector<T>(
    IResourceClient<T> client,
    Informer<T> informer,
    InformerOptions options,
    TimeProvider time,
    ILogger logger,
    RuntimeMetrics? metrics)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan VeryShortWatch = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _resourceVersion = "";
    private long _lastProgressTicks = time.GetUtcNow().UtcTicks;
    private int _failures;
    private DateTimeOffset _healthySince = time.GetUtcNow();

    public string Resource => client.Resource;

    public Task Synced => _synced.Task;

    /// <summary>The server resourceVersion this loop's part of the cache reflects.</summary>
    public string ResourceVersion => Volatile.Read(ref _resourceVersion);

    public DateTimeOffset LastProgress => new(Interlocked.Read(ref _lastProgressTicks), TimeSpan.Zero);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        MarkProgress();
        var mustList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    mustList = false;
                }

                var reason = await WatchAsync(cancellationToken).ConfigureAwait(false);
                Restarted(reason);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (UnreadableItem.IsUnreadable(ex) && !mustList)
            {
                // An event the model cannot hold: re-watching from the same version would read it again, forever. A list
                // reads item by item (ReadableItems) and resumes past it.
                logger.UnreadableEvent(Resource, UnreadableItem.FieldOf(ex));
                mustList = true;
                Restarted("unreadable");
            }
            catch (Exception ex) when (ApiErrors.IsExpired(ex) && !mustList)
            {
                // The watch's version is too old: only a fresh list helps. A list that expires itself (a stale
                // continue token) falls through to the backoff below, so a server stuck on 410 is not hammered.
                logger.Expired(Resource);
                mustList = true;
                Restarted("expired");
            }
            catch (Exception ex)
            {
                await BackOffAsync(ex, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await client.ListAsync(new ListRequest(options.LabelSelector, options.PageSize, continueToken), cancellationToken)
                .ConfigureAwait(false);
            items.AddRange(page.Items.Select(informer.Prepare));
            foreach (var unreadable in page.Unreadable)
            {
                logger.Unreadable(Resource, unreadable.Namespace, unreadable.Name, unreadable.Field);
            }

            continueToken = page.Continue;
            resourceVersion = page.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        informer.ReplaceCache(items, client.Namespace);
        // Resume from the LIST's version, not the newest item's: the list is a snapshot at that revision.
        Volatile.Write(ref _resourceVersion, resourceVersion);
        MarkProgress();
        _synced.TrySetResult();
        logger.Listed(Resource, items.Count, resourceVersion);
    }

    /// <summary>Runs one watch to its end; returns why it ended.</summary>
    private async Task<string> WatchAsync(CancellationToken cancellationToken)
    {
        var timeoutSeconds = Random.Shared.Next(options.MinWatchTimeoutSeconds, options.MaxWatchTimeoutSeconds + 1);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds) + options.IdleGrace, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var request = new WatchRequest(ResourceVersion, options.LabelSelector, timeoutSeconds);
        var started = time.GetTimestamp();
        var events = 0;
        try
        {
            await foreach (var ev in client.WatchAsync(request, linked.Token).ConfigureAwait(false))
            {
                informer.Apply(ev);
                // Every event, bookmarks included, advances the version a re-watch resumes from.
                if (ev.Object.ResourceVersion() is { Length: > 0 } rv)
                {
                    Volatile.Write(ref _resourceVersion, rv);
                }

                MarkProgress();
                events++;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return "idle";
        }

        if (events == 0 && time.GetElapsedTime(started) < VeryShortWatch)
        {
            // As client-go's reflector: a server (or proxy) that ends every watch at once would otherwise be re-watched
            // in a hot loop that also looks healthy to the liveness check. Back off instead.
            throw new IOException($"very short watch of {Resource}: closed with no events");
        }

        MarkProgress();
        return "closed";
    }

    private async Task BackOffAsync(Exception ex, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _healthySince > options.BackoffResetAfter)
        {
            _failures = 0;
        }

        var status = ApiErrors.StatusOf(ex);
        var reason = status is null ? "error" : ((int)status == 429 ? "throttled" : $"http_{(int)status}");
        var delay = ApiErrors.RetryAfter(ex) ?? options.Backoff.Delay(_failures);
        _failures++;
        // An expected API error is one line; anything else keeps its stack trace.
        logger.Failed(ApiErrors.IsExpected(ex) ? null : ex, Resource, reason, ApiErrors.Describe(ex), delay);
        Restarted(reason);
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        _healthySince = time.GetUtcNow();
    }

    private void Restarted(string reason)
    {
        metrics?.WatchRestarted(Resource, reason);
        logger.WatchRestarting(Resource, reason, ResourceVersion);
    }

    private void MarkProgress() => Interlocked.Exchange(ref _lastProgressTicks, time.GetUtcNow().UtcTicks);
}
