using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class ControllerHostTests
{
    [Fact]
    public async Task Run_AControllerFails_StopsTheInformersAndSurfacesTheFailure()
    {
        var informer = new StoppableInformer();
        var controller = new FailingController(informer);
        var host = new ControllerHost([controller]);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync(TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        // The controller's own exception, not the cancellation the host used to stop the informers.
        Assert.Same(controller.Failure, failure);
        Assert.True(informer.Stopped);
        Assert.False(host.IsRunning);
    }

    [Fact]
    public async Task Run_Twice_AtOnce_IsRefused()
    {
        using var stop = new CancellationTokenSource();
        var host = new ControllerHost([new FakeController(new FakeInformer("secrets"))]);
        var first = host.RunAsync(stop.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync(stop.Token));

        await stop.CancelAsync();
        await first;
    }

    private sealed class StoppableInformer : IInformer
    {
        public string Resource => "widgets";

        public bool HasSynced => false;

        public bool IsAlive => true;

        public bool Stopped { get; private set; }

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Stopped = true;
        }
    }

    private sealed class FailingController(IInformer informer) : IController
    {
        public string Name => "failing";

        public IReadOnlyList<IInformer> Informers => [informer];

        public InvalidOperationException Failure { get; } = new("caches never synced");

        public IReadOnlyList<ObjectKey> StuckReconciles() => [];

        public Task RunAsync(CancellationToken cancellationToken) => Task.FromException(Failure);
    }
}
