using Operator.Testing.Clouds.Gcp;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Gcp;

/// <summary>
/// The real operator against the emulated cluster, Google STS and IAM Credentials (the testbed's), and a SingleStore
/// emulator that verifies Google ID tokens against the IAM Credentials emulator's JWKS. Every Google token lives six
/// seconds, so each happy-path test sees a refresh.
/// </summary>
public sealed class GcpOperatorFixture : IAsyncLifetime
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);

    private VendorEmulatorSet _vendors = null!;

    internal OperatorTestbed Testbed { get; private set; } = null!;

    internal SingleStoreEmulator SingleStore => _vendors.SingleStore;

    internal Uri SingleStoreUrl => _vendors.Host.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Testbed = await OperatorTestbed.StartAsync();
        Testbed.GoogleSts.TokenLifetime = Lifetime;
        Testbed.IamCredentials.MaxGrantedLifetime = Lifetime;
        _vendors = await VendorEmulatorSet.StartAsync(Testbed.Sts, TimeProvider.System, serveSts: false, Lifetime);
        _vendors.SingleStore.Google = new GoogleIdTokenVerifier(Testbed.IamCredentials.CertsUrl, TimeProvider.System);
        await Testbed.StartOperatorAsync("--Operator:Targets:Timeout=00:00:05", "--Operator:Gcp:Timeout=00:00:05");
    }

    public async ValueTask DisposeAsync()
    {
        await Testbed.DisposeAsync();
        await _vendors.DisposeAsync();
    }
}
