using k8s;
using Microsoft.Extensions.Logging.Testing;
using Operator.Runtime;

namespace Operator.IntegrationTests.Runtime;

/// <summary>One operator replica: a Secret controller that runs only while its <see cref="LeaderElection"/> leads.</summary>
internal sealed class ElectedInstance : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly LeaderElection _election;
    private bool _stopped;

    public ElectedInstance(Operator.Testing.KubeApi.KubeApiEmulator emulator, string ns, string lease, string identity, bool releaseOnShutdown = true)
    {
        _client = emulator.CreateClient();
        Rig = new SecretControllerRig(_client, ns, run: false);
        Options = new LeaderElectionOptions
        {
            LeaseName = lease,
            LeaseNamespace = "default",
            Identity = identity,
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            ReleaseOnShutdown = releaseOnShutdown,
        };
        _election = new LeaderElection(_client, Rig.Host, Microsoft.Extensions.Options.Options.Create(Options), Lifetime,
            Log, Rig.Metrics);
    }

    public SecretControllerRig Rig { get; }

    public LeaderElectionOptions Options { get; }

    public TestLifetime Lifetime { get; } = new();

    /// <summary>What the election logged, e.g. the leader it observed.</summary>
    public FakeLogger<LeaderElection> Log { get; } = new();

    /// <summary>Whether this replica has seen <paramref name="identity"/> hold the lease (its campaign ran and found it taken).</summary>
    public bool Observed(string identity) =>
        Log.Collector.GetSnapshot().Any(r => r.Message == $"Observed new leader {identity}");

    /// <summary>Whether this replica gave up <paramref name="lease"/> on shutdown.</summary>
    public bool Released(string lease) => Log.Collector.GetSnapshot().Any(r => r.Message == $"Released Lease {lease} on shutdown");

    public bool IsLeading => _election.IsLeading;

    public Task StartAsync() => _election.StartAsync(CancellationToken.None);

    /// <summary>A graceful stop: controllers end, then (if configured) the lease is released.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _election.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        _election.Dispose();
        await Rig.DisposeAsync();
        _client.Dispose();
    }
}
