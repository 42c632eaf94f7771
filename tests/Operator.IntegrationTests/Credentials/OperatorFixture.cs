using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>One emulated cluster, STS and running operator shared by a test class; each test works in its own namespace.</summary>
public sealed class OperatorFixture : IAsyncLifetime
{
    internal OperatorTestbed Testbed { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Testbed = await OperatorTestbed.StartAsync();
        await Testbed.StartOperatorAsync();
    }

    public async ValueTask DisposeAsync() => await Testbed.DisposeAsync();
}
