using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Support;

/// <summary>One STS emulator with an OIDC issuer per test class (<see cref="WebIdentityStsEnvironment"/>).</summary>
public sealed class StsEnvironmentFixture : IAsyncLifetime
{
    private WebIdentityStsEnvironment? _environment;

    internal WebIdentityStsEnvironment Environment => _environment ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _environment = await WebIdentityStsEnvironment.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }
    }
}
