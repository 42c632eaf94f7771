using System.Collections.Concurrent;

namespace Operator.Credentials.Throttling;

/// <summary>
/// Token buckets per cloud endpoint and per target service, so that a mass creation or an operator restart
/// cannot flood STS or a vendor (external-secrets#4231, #6728). An exchange waits for a token from its cloud
/// endpoint's bucket and one from its target's; each bucket serves the earliest deadline first and shares its
/// capacity across namespaces (<see cref="TurnQueue{T}"/>).
/// </summary>
internal sealed class ExchangeRateLimiter(ExchangeRateOptions options, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <param name="cloudEndpoint">The cloud service the provider calls, e.g. <c>sts.us-east-1.amazonaws.com</c>.</param>
    public async Task WaitTurnAsync(string cloudEndpoint, string target, ExchangeTurn turn, CancellationToken cancellationToken)
    {
        var cloud = Bucket("cloud:" + cloudEndpoint);
        await cloud.WaitAsync(turn, cancellationToken);
        try
        {
            await Bucket("target:" + target).WaitAsync(turn, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // No call was made: the endpoint's token goes to the next exchange instead of being lost.
            cloud.Return();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private TokenBucket Bucket(string key) =>
        _buckets.GetOrAdd(key, _ => new TokenBucket(options.Burst, TimeSpan.FromSeconds(1 / options.PerSecond), time));
}
