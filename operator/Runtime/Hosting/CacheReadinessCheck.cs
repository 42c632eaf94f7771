using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Ready once every cache holds its first full list. A standby is ready too: it serves its endpoints and
/// must not be restarted or taken out of rotation just for waiting on the lease.
/// </summary>
internal sealed class CacheReadinessCheck(ControllerHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!host.IsRunning)
        {
            return Task.FromResult(HealthCheckResult.Healthy("standby"));
        }

        var pending = host.Informers.Where(i => !i.HasSynced).Select(i => i.Resource).ToList();
        return Task.FromResult(pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Caches not synced: {string.Join(", ", pending)}"));
    }
}
