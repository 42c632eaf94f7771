using k8s;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Support;

/// <summary>One API emulator per test class, with a client; each test works in a namespace of its own (<see cref="NewNamespaceAsync"/>).</summary>
public class KubeApiEmulatorFixture : IAsyncLifetime
{
    private KubeApiEmulator? _emulator;
    private Kubernetes? _client;

    internal KubeApiEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    internal Kubernetes Client => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>The emulator's options; a derived fixture changes them before the emulator starts.</summary>
    protected virtual KubeApiEmulatorOptions Options() => new();

    public virtual async ValueTask InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(Options());
        _client = _emulator.CreateClient();
    }

    /// <summary>Creates a fresh namespace for one test.</summary>
    public Task<string> NewNamespaceAsync() => Client.NewNamespaceAsync();

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
