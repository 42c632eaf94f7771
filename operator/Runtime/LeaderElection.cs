using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Options;

namespace Operator.Runtime;

/// <summary>
/// Runs the controllers only while this instance holds the Lease (KubernetesClient's <see cref="LeaderElector"/>).
/// Losing the lease stops the application, as controller-runtime does; restarting controllers in place is how
/// KubeOps ended up never leading again. On a graceful stop the controllers finish first, then the lease is
/// released (the package does not), so a standby takes over at once instead of after the lease duration.
/// </summary>
internal sealed class LeaderElection(
    IKubernetes client,
    ControllerHost controllers,
    IOptions<LeaderElectionOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<LeaderElection> logger,
    RuntimeMetrics? metrics = null) : BackgroundService
{
    private readonly LeaderElectionOptions _options = options.Value;

    public bool IsLeading { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            await controllers.RunAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        logger.Campaigning(LeaseNamespace(), _options.LeaseName, _options.Identity);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CampaignAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The elector lets some API errors escape while acquiring; try again rather than end the process.
                logger.ElectionError(ex);
                await Task.Delay(_options.RetryPeriod, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CampaignAsync(CancellationToken stoppingToken)
    {
        var config = new LeaderElectionConfig(new LeaseLock(client, LeaseNamespace(), _options.LeaseName, _options.Identity))
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The elector raises these synchronously on its own loop: only signal from them.
        elector.OnStartedLeading += () => started.TrySetResult();
        elector.OnStoppedLeading += term.Cancel;
        elector.OnNewLeader += leader => logger.NewLeader(leader);
        elector.OnError += ex => logger.ElectionError(ex);

        var election = elector.RunUntilLeadershipLostAsync(stoppingToken);
        if (await Task.WhenAny(started.Task, election).ConfigureAwait(false) == started.Task)
        {
            await LeadAsync(election, term, stoppingToken).ConfigureAwait(false);
        }
        else
        {
            await IgnoreCancellation(election).ConfigureAwait(false);
        }
    }

    private async Task LeadAsync(Task election, CancellationTokenSource term, CancellationToken stoppingToken)
    {
        logger.Leading(_options.Identity);
        SetLeading(true);
        var run = controllers.RunAsync(term.Token);
        if (await Task.WhenAny(election, run).ConfigureAwait(false) == run && !stoppingToken.IsCancellationRequested)
        {
            // The controllers died while we still lead: exit, as controller-runtime's manager does.
            logger.ControllersStopped(run.Exception?.GetBaseException());
            lifetime.StopApplication();
        }

        // However the term ends, it ends here: a faulted election must not escape to ExecuteAsync, which would campaign
        // again with controllers that cannot be restarted in-process (a leader that never reconciles).
        await election.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (election.IsFaulted)
        {
            logger.ElectionError(election.Exception!.GetBaseException());
        }

        await term.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        SetLeading(false);
        if (!stoppingToken.IsCancellationRequested)
        {
            logger.Lost();
            lifetime.StopApplication();
        }
        else if (_options.ReleaseOnShutdown)
        {
            await new LeaseRelease(client, logger).ReleaseAsync(LeaseNamespace(), _options.LeaseName, _options.Identity)
                .ConfigureAwait(false);
        }
    }

    private void SetLeading(bool leading)
    {
        IsLeading = leading;
        metrics?.LeadershipChanged(leading);
    }

    private string LeaseNamespace() =>
        _options.LeaseNamespace is { Length: > 0 } ns ? ns
        : Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
