using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Live unless a reconcile has run past twice its deadline: it ignored the cancellation and holds a worker for
/// good, and enough of them stop the controller; only a restart frees them. A standby runs no reconciles and is live.
/// </summary>
internal sealed class ReconcileLivenessCheck(ControllerHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuck = host.Controllers
            .Select(c => (c.Name, Keys: c.StuckReconciles()))
            .Where(c => c.Keys.Count > 0)
            .Select(c => $"{c.Name} ({c.Keys.Count}: {string.Join(", ", c.Keys.Take(5))})")
            .ToList();
        return Task.FromResult(stuck.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Reconciles running past twice their deadline in controller {string.Join("; ", stuck)}"));
    }
}
