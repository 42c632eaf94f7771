namespace Operator.Runtime.Hosting;

/// <summary>
/// Gives back to the operating system the managed heap that a burst of work leaves behind, and caps what one holds.
/// </summary>
/// <remarks>
/// The workstation GC collects the oldest generation only when allocations reach its budget. In a burst (the first issue of
/// a whole fleet, a restart's lists, a wave of refreshes) the garbage that gen1 promotes piles up in gen2 with its regions
/// committed, and after it the operator goes quiet with all of it still there: at 10,000 credentials the heap stayed at
/// about 110 MB committed, 76 MB after a full collection, and nothing collected the rest while the process was quiet
/// (tests/Operator.Benchmarks/results.md, "Fourth round"). No runtime setting covers this case (GCConserveMemory acts only
/// when a gen2 collection runs; a smaller region size or a background collection mid-burst left the resident set as it
/// was: results.md, "Seventh round"). So this service looks at the heap every <see cref="HeapTrimOptions.Interval"/> and,
/// when the committed heap has grown by a quarter since the last trim (and by at least <see cref="MinimumGrowthBytes"/>, or
/// <see cref="QuietGrowthBytes"/> once the process is quiet), runs one blocking, compacting, aggressive collection: the mode
/// in which the GC decommits every free region it can (GCCollectionMode.Aggressive). Such a collection pauses the process
/// (tens of milliseconds at 10,000 credentials in the native build, with caches of compressed JSON), so it runs at most once
/// per interval, and only after growth.
/// <list type="bullet">
/// <item>During a burst the floor is higher: each trim there costs a pause while work is waiting, and the heap grows with
/// live objects too. With it, the burst of 10,000 first issues peaked lower (98-103 MB resident against 112-116 MB,
/// sampled) and ended at 88 MB instead of about 150 MB, no slower (results.md, "Seventh round"). An earlier version,
/// every 30 s on growth by half and with the heap then three times larger, had made that burst slower.</item>
/// <item>Once quiet (less than <see cref="QuietBytesPerSecond"/> allocated a second since the last look) the lower floor
/// gives back what the end of a burst left under the busy floor. The interval is short (10 s) so that the first look
/// after a burst ends sees a quiet interval soon.</item>
/// </list>
/// </remarks>
internal sealed class HeapTrimmer : BackgroundService
{
    /// <summary>While the process is busy, growth below this is not worth a full collection, however small the heap.</summary>
    internal const long MinimumGrowthBytes = 16L << 20;

    /// <summary>The same floor once the process is quiet, when a pause keeps nothing waiting.</summary>
    internal const long QuietGrowthBytes = 8L << 20;

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

    /// <summary>
    /// Whether a heap of <paramref name="committed"/> bytes has grown enough since <paramref name="baseline"/> to trim: by a
    /// quarter, and at least by the floor (<see cref="QuietGrowthBytes"/> when <paramref name="quiet"/>, else
    /// <see cref="MinimumGrowthBytes"/>).
    /// </summary>
    internal static bool Grown(long committed, long baseline, bool quiet) =>
        committed - baseline >= Math.Max(quiet ? QuietGrowthBytes : MinimumGrowthBytes, baseline / 4);

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

    /// <summary>One look at the heap: trims when it has grown enough, busy or quiet. Returns whether it trimmed.</summary>
    internal bool Check()
    {
        var allocated = _heap.AllocatedBytes;
        var quiet = allocated - _allocated < QuietBytesPerSecond * _options.Interval.TotalSeconds;
        _allocated = allocated;
        var committed = _heap.CommittedBytes;
        if (!Grown(committed, _baseline, quiet))
        {
            // A heap that shrank by itself (a gen2 collection ran) is the new baseline, so growth counts from there.
            _baseline = Math.Min(_baseline, committed);
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
