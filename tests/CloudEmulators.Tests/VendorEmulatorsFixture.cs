using Operator.Testing.Clouds;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds;

/// <summary>STS and the three vendor emulators on one host, shared by a test class.</summary>
public sealed class VendorEmulatorsFixture : IAsyncLifetime
{
    public const string Org = "11111111-2222-3333-4444-555555555555";

    internal StsEmulator Sts { get; } = new(TimeProvider.System);

    internal DatadogEmulator Datadog { get; private set; } = null!;

    internal SingleStoreEmulator SingleStore { get; private set; } = null!;

    internal AwsLoginEmulator AwsLogin { get; private set; } = null!;

    internal CloudHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Datadog = new DatadogEmulator(Sts, TimeProvider.System);
        Datadog.AddOrg(Org, $"arn:aws:iam::{Sts.Account}:role/sre");
        SingleStore = new SingleStoreEmulator(Sts, TimeProvider.System);
        AwsLogin = new AwsLoginEmulator(Sts, TimeProvider.System, "gpu-reservations");
        Host = await CloudHost.StartAsync(Sts, Datadog, SingleStore, AwsLogin);
    }

    /// <summary>Session credentials STS knows, for <c>assumed-role/{role}/alice</c>.</summary>
    internal IssuedCredential Credentials(string role)
    {
        var now = DateTimeOffset.UtcNow;
        var issued = new IssuedCredential(StsCredentialFactory.AccessKeyId(), StsCredentialFactory.SecretAccessKey(), StsCredentialFactory.SessionToken(),
            now, now.AddHours(1), $"arn:aws:sts::{Sts.Account}:assumed-role/{role}/alice", "AROAEXAMPLE:alice", Sts.Account, "system:serviceaccount:a:b");
        Sts.Remember(issued);
        return issued;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SingleStore.Dispose();
        Sts.Dispose();
    }
}
