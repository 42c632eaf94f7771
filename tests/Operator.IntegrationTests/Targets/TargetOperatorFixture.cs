using Operator.Testing.Clouds;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Vault;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The real operator host against the emulated cluster and STS, plus the vendor emulators (<see cref="VendorEmulatorSet"/>)
/// on a second HTTPS host (same test CA, so the operator trusts them through its CA bundle option). Every token lives
/// six seconds, so each test sees a refresh; the operator runs on the real clock, and so do these emulators.
/// </summary>
public sealed class TargetOperatorFixture : IAsyncLifetime
{
    public const string Org = VendorEmulatorsFixture.Org;
    public const string LoginRole = VendorEmulatorsFixture.LoginRole;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);

    private VendorEmulatorSet _vendors = null!;

    internal OperatorTestbed Testbed { get; private set; } = null!;

    internal DatadogEmulator Datadog => _vendors.Datadog;

    internal SingleStoreEmulator SingleStore => _vendors.SingleStore;

    internal AwsLoginEmulator AwsLogin => _vendors.AwsLogin;

    internal VaultAwsAuthEmulator Vault => _vendors.Vault;

    internal CloudHost Vendors => _vendors.Host;

    public async ValueTask InitializeAsync()
    {
        Testbed = await OperatorTestbed.StartAsync();
        _vendors = await VendorEmulatorSet.StartAsync(Testbed.Sts, TimeProvider.System, serveSts: false, Lifetime);
        // The IRSA role of each namespace the Datadog tests use ({namespace}-app).
        Datadog.AddOrg(Org, $"arn:aws:iam::{Testbed.Sts.Account}:role/target-datadog-app", $"arn:aws:iam::{Testbed.Sts.Account}:role/target-datadog-500-app");
        Testbed.WatchForLeaks(() => [.. Datadog.Issued.Select(t => t.AccessToken), .. AwsLogin.Issued.Select(k => k.ApiKey)]);
        await Testbed.StartOperatorAsync("--Operator:Targets:Timeout=00:00:05");
    }

    public async ValueTask DisposeAsync()
    {
        await Testbed.DisposeAsync();
        await _vendors.DisposeAsync();
    }
}
