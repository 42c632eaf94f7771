using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Operator.Credentials.Reconciliation;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>What the credential meter reports: the names, units and tags dashboards and alerts (README) rely on.</summary>
public sealed class CredentialMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly CredentialMetrics _metrics;

    public CredentialMetricsTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new CredentialMetrics(_meters);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Schedules_AreExportedPerCredential_InUnixSeconds_UntilForgotten()
    {
        _metrics.Scheduled("team-a", "app", DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_500), DateTimeOffset.FromUnixTimeSeconds(1_799_999_000));
        _metrics.Scheduled("team-b", "ci", DateTimeOffset.FromUnixTimeSeconds(1_900_000_000), DateTimeOffset.FromUnixTimeSeconds(1_899_999_000));
        _metrics.Forget("team-b", "ci");

        var series = await ScrapeAsync();

        Assert.Equal(["delegatedcredential_expiry_timestamp_seconds{namespace=\"team-a\",name=\"app\"} 1800000000.5"], Samples(series, "delegatedcredential_expiry_timestamp_seconds"));
        Assert.Equal(["delegatedcredential_refresh_timestamp_seconds{namespace=\"team-a\",name=\"app\"} 1799999000"], Samples(series, "delegatedcredential_refresh_timestamp_seconds"));
        Assert.Contains("# TYPE delegatedcredential_expiry_timestamp_seconds gauge", series);
        Assert.Contains("# TYPE delegatedcredential_refresh_timestamp_seconds gauge", series);
    }

    [Fact]
    public async Task ReadyCondition_IsExportedPerCredential_WithTheLatestReason_UntilForgotten()
    {
        _metrics.Reported("team-a", "app", ready: true, "Issued");
        _metrics.Reported("team-a", "app", ready: true, "RefreshFailed");
        _metrics.Reported("team-a", "db", ready: false, "IdentityDenied");
        _metrics.Reported("team-b", "ci", ready: true, "Issued");
        _metrics.Forget("team-b", "ci");

        var series = await ScrapeAsync();

        Assert.Equal(
            [
                "delegatedcredential_ready{namespace=\"team-a\",name=\"app\",reason=\"RefreshFailed\"} 1",
                "delegatedcredential_ready{namespace=\"team-a\",name=\"db\",reason=\"IdentityDenied\"} 0",
            ],
            Samples(series, "delegatedcredential_ready").Order(StringComparer.Ordinal));
        Assert.Contains("# TYPE delegatedcredential_ready gauge", series);
    }

    [Fact]
    public async Task NoCredential_ExportsTheFamiliesWithoutSamples()
    {
        var series = await ScrapeAsync();

        Assert.Equal(
            ["delegatedcredential_expiry_timestamp_seconds", "delegatedcredential_refresh_timestamp_seconds", "delegatedcredential_ready"],
            series.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]));
        Assert.All(series, l => Assert.StartsWith("#", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Exchanges_CountByProviderTargetAndResult_AndTimeWithoutTheResult()
    {
        using var exchanges = Collector<long>("exchanges_total");
        using var durations = Collector<double>("exchange_duration_seconds");

        _metrics.Exchanged("aws", "datadog", "success", TimeSpan.FromMilliseconds(250));

        var count = Assert.Single(exchanges.GetMeasurementSnapshot());
        Assert.Equal(1, count.Value);
        Assert.Equal(("aws", "datadog", "success"), ((string?)count.Tags["provider"], (string?)count.Tags["target"], (string?)count.Tags["result"]));
        var duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal(0.25, duration.Value);
        Assert.False(duration.Tags.ContainsKey("result"));
    }

    [Fact]
    public void RemainingValidityAtRefresh_IsNeverNegative_AndWritesAndRestartsCount()
    {
        using var remaining = Collector<double>("remaining_validity_at_refresh_seconds");
        using var writes = Collector<long>("secret_writes_total");
        using var restarts = Collector<long>("rollout_restarts_total");

        _metrics.Refreshed(TimeSpan.FromSeconds(90));
        _metrics.Refreshed(TimeSpan.FromSeconds(-5));
        _metrics.SecretWritten();
        _metrics.RolloutRestarted("Deployment");

        Assert.Equal([90.0, 0.0], remaining.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(1, Assert.Single(writes.GetMeasurementSnapshot()).Value);
        Assert.Equal("Deployment", (string?)Assert.Single(restarts.GetMeasurementSnapshot()).Tags["kind"]);
    }

    [Fact]
    public async Task AScrapeOfAFleet_GoesOutInPiecesOfAboutTheFlushThreshold_NotWhole()
    {
        for (var i = 0; i < 10_000; i++)
        {
            _metrics.Scheduled("team-a", $"credential-{i:D5}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
            _metrics.Reported("team-a", $"credential-{i:D5}", ready: true, "Issued");
        }

        var sent = new SendLog();
        var pipe = PipeWriter.Create(sent, new StreamPipeWriterOptions(leaveOpen: true));
        await _metrics.WriteAsync(new SeriesWriter(pipe), TestContext.Current.CancellationToken);
        await pipe.FlushAsync(TestContext.Current.CancellationToken);

        // About 2 MB in all; no single send holds more than the threshold and one sample (a line is under 200 bytes).
        Assert.True(sent.Total > 1_500_000, $"{sent.Total} bytes sent");
        Assert.InRange(sent.Largest, 1, SeriesWriter.FlushThreshold + 200);
    }

    private async Task<string[]> ScrapeAsync()
    {
        var text = new ArrayBufferWriter<byte>();
        await _metrics.WriteAsync(new SeriesWriter(text), TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(text.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// A stream that records how many bytes arrive between its flushes: the pipe in front of it writes a flush's segments one
    /// by one and then flushes the stream.
    /// </summary>
    private sealed class SendLog : MemoryStream
    {
        private int _sinceFlush;

        public long Total { get; private set; }

        public int Largest { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            _sinceFlush = 0;
            return Task.CompletedTask;
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Record(buffer.Length);

        public override void Write(byte[] buffer, int offset, int count) => Record(count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Length);
            return ValueTask.CompletedTask;
        }

        private void Record(int length)
        {
            Total += length;
            _sinceFlush += length;
            Largest = Math.Max(Largest, _sinceFlush);
        }
    }

    private static IEnumerable<string> Samples(string[] series, string family) =>
        series.Where(l => l.StartsWith(family + "{", StringComparison.Ordinal));

    private MetricCollector<T> Collector<T>(string instrument)
        where T : struct => new(_meters, CredentialMetrics.MeterName, instrument);
}
