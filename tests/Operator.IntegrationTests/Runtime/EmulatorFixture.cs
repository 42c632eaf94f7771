using k8s;
using k8s.Models;
using Operator.Testing.KubeApi;

namespace Operator.IntegrationTests.Runtime;

/// <summary>One API emulator per test class; each test works in a namespace of its own.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private int _namespaces;

    public KubeApiEmulator Emulator { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions());

    public async Task<string> NewNamespaceAsync(IKubernetes client)
    {
        var name = $"t{Interlocked.Increment(ref _namespaces)}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
