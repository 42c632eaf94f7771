using Operator.Testing.Clouds;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The real operator host against the emulated cluster and STS, plus the three vendor emulators on a second HTTPS
/// host (same test CA, so the operator trusts them through its CA bundle option). Every token lives six seconds,
/// so each test sees a refresh.
/// </summary>
public sealed class TargetOperatorFixture : IAsyncLifetime
{
    public const string Org = TargetEmulators.Org;
    public const string LoginRole = TargetEmulators.LoginRole;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);

    internal OperatorTestbed Testbed { get; private set; } = null!;

    internal DatadogEmulator Datadog { get; private set; } = null!;

    internal SingleStoreEmulator SingleStore { get; private set; } = null!;

    internal AwsLoginEmulator AwsLogin { get; private set; } = null!;

    internal CloudHost Vendors { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Testbed = await OperatorTestbed.StartAsync();
        Datadog = new DatadogEmulator(Testbed.Sts, TimeProvider.System) { TokenLifetime = Lifetime };
        // The IRSA role of each namespace the Datadog tests use ({namespace}-app).
        Datadog.AddOrg(Org, $"arn:aws:iam::{Testbed.Sts.Account}:role/target-datadog-app", $"arn:aws:iam::{Testbed.Sts.Account}:role/target-datadog-500-app");
        SingleStore = new SingleStoreEmulator(Testbed.Sts, TimeProvider.System) { TokenExpiry = Lifetime };
        AwsLogin = new AwsLoginEmulator(Testbed.Sts, TimeProvider.System, LoginRole) { KeyLifetime = Lifetime };
        Vendors = await CloudHost.StartAsync(Datadog, SingleStore, AwsLogin);
        Testbed.WatchForLeaks(() => [.. Datadog.Issued.Select(t => t.AccessToken), .. AwsLogin.Issued.Select(k => k.ApiKey)]);
        await Testbed.StartOperatorAsync("--Operator:Targets:Timeout=00:00:05");
    }

    public async ValueTask DisposeAsync()
    {
        await Testbed.DisposeAsync();
        await Vendors.DisposeAsync();
        SingleStore.Dispose();
    }
}
