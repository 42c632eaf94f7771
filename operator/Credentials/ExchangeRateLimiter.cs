using System.Threading.RateLimiting;
using Operator.Hosting;

namespace Operator.Credentials;

/// <summary>
/// Token buckets per cloud endpoint and per target service, so that a mass creation or an operator restart
/// cannot flood STS or a vendor (external-secrets#4231, #6728). An exchange takes one token from its
/// provider's bucket and one from its target's, waiting in line when a bucket is empty.
/// </summary>
internal sealed class ExchangeRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets;

    // System.Threading.RateLimiting replenishes on the system clock; the buckets only pace exchanges and no test
    // asserts their timing, so no TimeProvider here.
    public ExchangeRateLimiter(ExchangeRateOptions options)
    {
        _buckets = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = Math.Max(1, (int)Math.Round(options.PerSecond)),
                ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, Math.Round(options.PerSecond)) / options.PerSecond),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    /// <param name="cloudEndpoint">The cloud service the provider calls, e.g. <c>sts.us-east-1.amazonaws.com</c>.</param>
    public async Task<IDisposable> AcquireAsync(string cloudEndpoint, string target, CancellationToken cancellationToken)
    {
        var providerLease = await _buckets.AcquireAsync("cloud:" + cloudEndpoint, 1, cancellationToken);
        var targetLease = await _buckets.AcquireAsync("target:" + target, 1, cancellationToken);
        return new Leases(providerLease, targetLease);
    }

    public ValueTask DisposeAsync() => _buckets.DisposeAsync();

    private sealed class Leases(RateLimitLease first, RateLimitLease second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
