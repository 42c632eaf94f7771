using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Live unless an informer has made no progress for far longer than its watch timeout: the loop is stuck
/// (KubeOps's silent watch deaths), and only a restart helps. A standby runs no informers and is live.
/// </summary>
internal sealed class InformerLivenessCheck(ControllerHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuck = host.IsRunning ? host.Informers.Where(i => !i.IsAlive).Select(i => i.Resource).ToList() : [];
        return Task.FromResult(stuck.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"No watch progress for: {string.Join(", ", stuck)}"));
    }
}
