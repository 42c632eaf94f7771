using Operator.Testing.Clouds.Entra;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Azure;

/// <summary>
/// The real operator host against the emulated cluster, the testbed's Entra ID (its authority passed as
/// <c>--Operator:Azure:AuthorityHost</c>) and a SingleStore that accepts Entra tokens for the testbed's tenant, verifying
/// them against the keys Entra serves. Entra access tokens and SingleStore JWTs live six seconds, so each test sees a refresh.
/// </summary>
public sealed class AzureOperatorFixture : IAsyncLifetime
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);

    private VendorEmulatorSet _vendors = null!;

    internal OperatorTestbed Testbed { get; private set; } = null!;

    internal EntraEmulator Entra => Testbed.Entra;

    internal SingleStoreEmulator SingleStore => _vendors.SingleStore;

    internal Uri VendorsAddress => _vendors.Host.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Testbed = await OperatorTestbed.StartAsync();
        Testbed.Entra.TokenLifetime = Lifetime;
        _vendors = await VendorEmulatorSet.StartAsync(Testbed.Sts, TimeProvider.System, serveSts: false, Lifetime);
        _vendors.SingleStore.AcceptEntra(Testbed.Entra.AuthorityHost, OperatorTestbed.AzureTenant);
        await Testbed.StartOperatorAsync("--Operator:Targets:Timeout=00:00:05");
    }

    public async ValueTask DisposeAsync()
    {
        await Testbed.DisposeAsync();
        await _vendors.DisposeAsync();
    }
}
