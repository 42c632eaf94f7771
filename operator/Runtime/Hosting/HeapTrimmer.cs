namespace Operator.Runtime.Hosting;

/// <summary>
/// Gives back to the operating system the managed heap that a burst of work leaves behind.
/// </summary>
/// <remarks>
/// The workstation GC collects the oldest generation only when allocations reach its budget. After a burst (the first
/// issue of a whole fleet, a restart's lists, a wave of refreshes) the operator goes quiet with the burst's garbage in
/// gen2 and its regions still committed: at 10,000 credentials the heap stayed at about 110 MB committed, 76 MB after a
/// full collection, and nothing collected the rest while the process was quiet (tests/Operator.Benchmarks/results.md, "Fourth
/// round"). No runtime setting covers this case (GCConserveMemory acts only when a gen2 collection runs, and none does).
/// So this service looks at the heap every <see cref="HeapTrimOptions.Interval"/>, and when the process is quiet
/// (it allocated less than <see cref="QuietBytesPerSecond"/> a second since the last look) and the committed heap has grown by a
/// quarter since the last trim (and by at least <see cref="MinimumGrowthBytes"/>), runs one blocking, compacting,
/// aggressive collection: the mode in which the GC decommits every free region it can (GCCollectionMode.Aggressive).
/// Such a collection pauses the process (about 200 ms at 10,000 credentials on the benchmark's 2 cores), so it runs at
/// most once per interval, and only after growth. Not during a burst: there the heap grows with live objects, and trims
/// in the middle of the first issue of 10,000 credentials made it slower (results.md). The interval is short (10 s) so
/// that the first look after a burst ends sees a quiet interval soon.
/// </remarks>
internal sealed class HeapTrimmer : BackgroundService
{
    /// <summary>Growth below this is not worth a full collection, however small the heap.</summary>
    internal const long MinimumGrowthBytes = 16L << 20;

    /// <summary>
    /// The allocation rate under which the process counts as quiet. In the fleet benchmark a first issue allocated about
    /// 200 KB (2 GB for 10,000, at up to 200 a second) and a refresh about 185 KB (5.6 GB for 30,000), so a burst or a
    /// wave of refreshes is far above it, while 10,000 credentials with one-hour lifetimes (about 4 refreshes a second,
    /// about 0.75 MB a second) stay just under it and still get their trims.
    /// </summary>
    internal const long QuietBytesPerSecond = 1L << 20;

    private readonly HeapTrimOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HeapTrimmer> _logger;
    private readonly IManagedHeap _heap;
    private long _baseline;
    private long _allocated;
    private PeriodicTimer? _timer;

    public HeapTrimmer(HeapTrimOptions options, TimeProvider time, ILogger<HeapTrimmer> logger)
        : this(options, time, logger, RuntimeHeap.Instance)
    {
    }

    /// <param name="heap">The runtime's heap; tests give a scripted one and count the trims.</param>
    internal HeapTrimmer(HeapTrimOptions options, TimeProvider time, ILogger<HeapTrimmer> logger, IManagedHeap heap)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _heap = heap;
    }

    /// <summary>Trims done since the start.</summary>
    public int Trims { get; private set; }

    /// <summary>Whether a heap of <paramref name="committed"/> bytes has grown enough since <paramref name="baseline"/> to trim.</summary>
    internal static bool Grown(long committed, long baseline) =>
        committed - baseline >= Math.Max(MinimumGrowthBytes, baseline / 4);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            // Here rather than in ExecuteAsync, which the host runs on a thread of its own: the first interval starts with
            // the host. A periodic timer, not a delay per loop: a tick that falls while a trim runs is kept.
            _baseline = _heap.CommittedBytes;
            _allocated = _heap.AllocatedBytes;
            _timer = new PeriodicTimer(_options.Interval, _time);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer)
        {
            return;
        }

        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    Check();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>One look at the heap: trims when the process is quiet and the heap has grown enough. Returns whether it trimmed.</summary>
    internal bool Check()
    {
        var allocated = _heap.AllocatedBytes;
        var quiet = allocated - _allocated < QuietBytesPerSecond * _options.Interval.TotalSeconds;
        _allocated = allocated;
        var committed = _heap.CommittedBytes;
        if (!Grown(committed, _baseline))
        {
            // A heap that shrank by itself (a gen2 collection ran) is the new baseline, so growth counts from there.
            _baseline = Math.Min(_baseline, committed);
            return false;
        }

        if (!quiet)
        {
            return false;
        }

        var started = _time.GetTimestamp();
        _heap.Trim();
        _baseline = _heap.CommittedBytes;
        _allocated = _heap.AllocatedBytes;
        Trims++;
        _logger.Trimmed(committed >> 20, _baseline >> 20, _time.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }
}

/// <summary>What <see cref="HeapTrimmer"/> reads and does: the runtime's GC, or a script in tests.</summary>
internal interface IManagedHeap
{
    /// <summary>The managed heap's committed bytes, as of the last collection.</summary>
    long CommittedBytes { get; }

    /// <summary>Bytes allocated since the process started.</summary>
    long AllocatedBytes { get; }

    /// <summary>A full, blocking, compacting collection that decommits what it frees.</summary>
    void Trim();
}

internal sealed class RuntimeHeap : IManagedHeap
{
    public static readonly RuntimeHeap Instance = new();

    public long CommittedBytes => GC.GetGCMemoryInfo().TotalCommittedBytes;

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false);

    public void Trim() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
