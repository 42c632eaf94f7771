using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Runtime;

public sealed class HeapTrimmerTests
{
    private const long Mb = 1L << 20;

    /// <summary>What one default interval (10 s) at 1 MB a second allocates.</summary>
    private const long Busy = HeapTrimmer.QuietBytesPerSecond * 10;

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedHeap _heap = new();
    private readonly FakeLogger<HeapTrimmer> _logger = new();

    private HeapTrimmer Trimmer(HeapTrimOptions? options = null) =>
        new(options ?? new HeapTrimOptions(), _time, _logger, _heap);

    [Theory]
    [InlineData(20, 35, false, false)] // busy, 15 MB: under the 16 MB floor
    [InlineData(20, 36, false, true)] // busy, 16 MB: the floor
    [InlineData(20, 27, true, false)] // quiet, 7 MB: under the 8 MB floor
    [InlineData(20, 28, true, true)] // quiet, 8 MB: the floor
    [InlineData(100, 124, true, false)] // under a quarter, busy or quiet
    [InlineData(100, 124, false, false)]
    [InlineData(100, 125, false, true)] // a quarter
    [InlineData(100, 60, true, false)] // shrank
    public void Grown_IsAQuarterOfTheBaselineAndAtLeastTheFloor(long baselineMb, long committedMb, bool quiet, bool grown) =>
        Assert.Equal(grown, HeapTrimmer.Grown(committedMb * Mb, baselineMb * Mb, quiet));

    [Fact]
    public async Task AGrownHeap_IsTrimmedInABurst_AndAgainOnceQuiet_GrowthCountingFromWhatEachTrimLeft()
    {
        var trimmer = Trimmer();
        await trimmer.StartAsync(CancellationToken.None);

        _heap.Committed = 90 * Mb; // a burst: 70 MB more than at start, 500 MB allocated in the interval
        _heap.Allocated += 500 * Mb;
        _heap.AfterTrim = 45 * Mb;
        _time.Advance(TimeSpan.FromSeconds(10));
        // The log line comes after the count: wait for it, not for the count.
        await Eventually.TrueAsync(() => _logger.Collector.Count == 1, "a trim in the burst, logged");
        Assert.Equal(1, trimmer.Trims);
        var logged = _logger.Collector.LatestRecord;
        Assert.Equal(LogLevel.Debug, logged.Level);
        Assert.StartsWith("Trimmed the managed heap: 90 MB committed before, 45 MB after, in ", logged.Message, StringComparison.Ordinal);

        _heap.Committed = 57 * Mb; // the burst ends 12 MB over what the trim left (not over the 90 MB before it)
        _heap.Allocated += 500 * Mb;
        _time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _heap.Looks >= 4, "the next check");
        Assert.Equal(1, trimmer.Trims); // busy, under 16 MB: left alone

        _heap.Allocated += 5 * Mb; // quiet: under 1 MB a second, and 12 MB is over the quiet floor
        _heap.AfterTrim = 40 * Mb;
        _time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => trimmer.Trims == 2, "a trim at the first quiet check");
        Assert.Equal(2, _heap.TrimCalls);
        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void AHeapThatShrankByItself_IsTheNewBaseline()
    {
        var trimmer = Trimmer();
        _heap.Committed = 100 * Mb;
        _heap.AfterTrim = 100 * Mb;
        Assert.True(trimmer.Check()); // from 0: grown
        _heap.Committed = 40 * Mb; // a gen2 collection of its own
        Assert.False(trimmer.Check());
        _heap.Committed = 60 * Mb; // +20 MB from 40: grown, though under the 100 MB the trim left
        Assert.True(trimmer.Check());
    }

    [Fact]
    public async Task WhileBusy_GrowthUnderTheBusyFloorIsLeftAlone_AndTrimmedOnceQuiet()
    {
        var trimmer = Trimmer();
        await trimmer.StartAsync(CancellationToken.None); // the baseline: 20 MB (no time passes, so no check of its own)
        _heap.Committed = 32 * Mb; // 12 MB over it
        for (var i = 0; i < 5; i++)
        {
            _heap.Allocated += Busy; // just at the line: busy
            Assert.False(trimmer.Check());
        }

        _heap.Allocated += Busy - 1;
        Assert.True(trimmer.Check());
        Assert.Equal(1, _heap.TrimCalls);
        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Disabled_NeverTrims()
    {
        var trimmer = Trimmer(new HeapTrimOptions { Enabled = false });
        await trimmer.StartAsync(CancellationToken.None);
        _heap.Committed = 500 * Mb;
        _time.Advance(TimeSpan.FromMinutes(5));
        await trimmer.ExecuteTask!;
        Assert.Equal(0, _heap.TrimCalls);
        Assert.Equal(0, _heap.Looks);
    }

    [Fact]
    public void Validate_AnIntervalUnderASecond_NamesTheField() =>
        Assert.Equal(["Operator:HeapTrim:Interval must be at least 1 second (got 00:00:00.5000000): each trim is a full, blocking collection."],
            new HeapTrimOptions { Interval = TimeSpan.FromMilliseconds(500) }.Validate("Operator:HeapTrim"));

    private sealed class ScriptedHeap : IManagedHeap
    {
        public long Committed { get; set; } = 20 * Mb;

        public long AfterTrim { get; set; } = 20 * Mb;

        public long Allocated { get; set; }

        public int TrimCalls { get; private set; }

        /// <summary>Reads of the committed size: one at the start, one per check, one after each trim.</summary>
        public int Looks { get; private set; }

        public long CommittedBytes
        {
            get
            {
                Looks++;
                return Committed;
            }
        }

        public long AllocatedBytes => Allocated;

        public void Trim()
        {
            TrimCalls++;
            Committed = AfterTrim;
        }
    }
}
