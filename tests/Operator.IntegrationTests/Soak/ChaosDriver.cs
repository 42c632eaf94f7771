using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.KubeApi;
using Operator.Testing.KubeApi.Faults;

namespace Operator.IntegrationTests.Soak;

/// <summary>
/// Injects faults on a schedule while it runs. Kubernetes, every 250 ms: one of 409 or 500 on a Secret update, 409
/// or 500 on a status patch, 429 with Retry-After on a Secret read or a status patch (at most one of each kind
/// pending, so faults never pile up while nothing writes); every 2 s: watches ended (abruptly or cleanly) or
/// expired (410 on the watch, and on the relist). STS, every 1.5 s outside an outage: three 429s with Retry-After
/// or three slow answers (0.4 s); during an outage every request gets 503, and for <c>quietAfterOutage</c> after
/// it STS answers plainly (recovery is measured from the moment it answers again).
/// </summary>
internal sealed class ChaosDriver(KubeApiEmulator kube, StsEmulator sts, TimeSpan quietAfterOutage) : IAsyncDisposable
{
    public static readonly TimeSpan StsRetryAfter = TimeSpan.FromSeconds(1);

    private static readonly FaultRule[] s_kubeFaults =
    [
        new(FaultKind.Error) { StatusCode = 409, Verb = "update", Resource = "secrets", Count = 1 },
        new(FaultKind.Error) { StatusCode = 500, Verb = "patch", Resource = "delegatedcredentials", Count = 1 },
        new(FaultKind.TooManyRequestsStatus) { RetryAfterSeconds = 1, Verb = "get", Resource = "secrets", Count = 1 },
        new(FaultKind.Error) { StatusCode = 500, Verb = "update", Resource = "secrets", Count = 1 },
        new(FaultKind.Error) { StatusCode = 409, Verb = "patch", Resource = "delegatedcredentials", Count = 1 },
        new(FaultKind.TooManyRequestsPlain) { RetryAfterSeconds = 1, Verb = "patch", Resource = "delegatedcredentials", Count = 1 },
    ];

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string Verb, string Resource), int> _added = [];
    private Task? _kubeLoop;
    private Task? _stsLoop;
    private volatile bool _outage;

    public DateTimeOffset? OutageStarted { get; private set; }

    public DateTimeOffset? OutageEnded { get; private set; }

    public void Start()
    {
        _kubeLoop = Task.Run(() => KubeAsync(_stop.Token));
        _stsLoop = Task.Run(() => StsAsync(_stop.Token));
    }

    public void StartOutage()
    {
        _outage = true;
        sts.Faults.Clear();
        sts.Faults.FailAll(CloudFault.Status(503));
        OutageStarted = DateTimeOffset.UtcNow;
    }

    public void EndOutage()
    {
        sts.Faults.Clear();
        OutageEnded = DateTimeOffset.UtcNow;
        _outage = false;
    }

    /// <summary>Stops injecting and removes every pending fault.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var loop in new[] { _kubeLoop, _stsLoop })
        {
            if (loop is not null)
            {
                await loop;
            }
        }

        kube.Faults.Clear();
        if (!_outage)
        {
            sts.Faults.Clear();
        }

        _stop.Dispose();
    }

    private async Task KubeAsync(CancellationToken stop)
    {
        for (var tick = 0; !stop.IsCancellationRequested; tick++)
        {
            var rule = s_kubeFaults[tick % s_kubeFaults.Length];
            var key = (rule.Verb!, rule.Resource!);
            var consumed = kube.Faults.Injected.Count(f => f.Verb == key.Item1 && f.Resource == key.Item2);
            if (_added.GetValueOrDefault(key) <= consumed)
            {
                _added[key] = _added.GetValueOrDefault(key) + 1;
                kube.Faults.Add(rule);
            }

            if (tick % 8 == 7)
            {
                DisruptWatches(tick / 8);
            }

            await Delay(TimeSpan.FromMilliseconds(250), stop);
        }
    }

    private void DisruptWatches(int round)
    {
        switch (round % 4)
        {
            case 0:
                kube.Faults.EndWatches(abrupt: true);
                break;
            case 1:
                kube.Faults.EndWatches(abrupt: false);
                break;
            case 2:
                // The informer's next watch gets an ERROR 410 and relists.
                kube.Faults.ExpireNext(1, "watch", "secrets");
                kube.Faults.EndWatches(abrupt: false, resource: "secrets");
                break;
            default:
                // The watch expires, and so does the first relist.
                kube.Faults.ExpireNext(1, "watch", "delegatedcredentials");
                kube.Faults.ExpireNext(1, "list", "delegatedcredentials");
                kube.Faults.EndWatches(abrupt: true, resource: "delegatedcredentials");
                break;
        }
    }

    private async Task StsAsync(CancellationToken stop)
    {
        for (var tick = 0; !stop.IsCancellationRequested; tick++)
        {
            await Delay(TimeSpan.FromSeconds(1.5), stop);
            if (_outage || stop.IsCancellationRequested || DateTimeOffset.UtcNow < OutageEnded + quietAfterOutage)
            {
                continue;
            }

            if (tick % 2 == 0)
            {
                sts.Faults.Next(3, CloudFault.Throttled(429, StsRetryAfter));
            }
            else
            {
                sts.Faults.DelayNext(3, TimeSpan.FromMilliseconds(400));
            }
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
