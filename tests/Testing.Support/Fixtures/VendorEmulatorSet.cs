using Operator.Testing.Clouds;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Clouds.Vault;

namespace Operator.Testing.Support;

/// <summary>
/// The vendor services the operator's targets talk to (Datadog, SingleStore, the aws-login API, Vault's AWS auth), on
/// one HTTPS host, each verifying what it receives against <see cref="Sts"/>. The STS is served on the same host when
/// the set owns it (<see cref="VendorEmulatorsFixture"/>), or elsewhere when it belongs to an operator testbed.
/// </summary>
internal sealed class VendorEmulatorSet : IAsyncDisposable
{
    public const string LoginRole = "gpu-reservations";

    private VendorEmulatorSet(StsEmulator sts, DatadogEmulator datadog, SingleStoreEmulator singleStore, AwsLoginEmulator awsLogin,
        VaultAwsAuthEmulator vault, CloudHost host) =>
        (Sts, Datadog, SingleStore, AwsLogin, Vault, Host) = (sts, datadog, singleStore, awsLogin, vault, host);

    public StsEmulator Sts { get; }

    public DatadogEmulator Datadog { get; }

    public SingleStoreEmulator SingleStore { get; }

    public AwsLoginEmulator AwsLogin { get; }

    public VaultAwsAuthEmulator Vault { get; }

    public CloudHost Host { get; }

    /// <param name="serveSts">Whether <paramref name="sts"/> is served on this host too (false when another host serves it).</param>
    /// <param name="lifetime">How long every issued token, key and lease lives; each emulator's default when null.</param>
    public static async Task<VendorEmulatorSet> StartAsync(StsEmulator sts, TimeProvider time, bool serveSts, TimeSpan? lifetime = null)
    {
        var datadog = new DatadogEmulator(sts, time);
        var singleStore = new SingleStoreEmulator(sts, time);
        var awsLogin = new AwsLoginEmulator(sts, time, LoginRole);
        var vault = new VaultAwsAuthEmulator(sts, time);
        if (lifetime is { } l)
        {
            (datadog.TokenLifetime, singleStore.TokenExpiry, awsLogin.KeyLifetime, vault.LeaseDuration) = (l, l, l, l);
        }

        ICloudEmulator[] vendors = [datadog, singleStore, awsLogin, vault];
        var host = await CloudHost.StartAsync(serveSts ? [sts, .. vendors] : vendors);
        return new VendorEmulatorSet(sts, datadog, singleStore, awsLogin, vault, host);
    }

    /// <summary>The URL of <paramref name="path"/> on this host.</summary>
    public Uri Url(string path) => new(Host.BaseAddress, path.TrimStart('/'));

    /// <summary>Puts every knob back to its default and clears injected faults (for fixtures shared by tests that turn them).</summary>
    public void Reset()
    {
        foreach (var faults in new[] { Sts.Faults, Datadog.Faults, SingleStore.Faults, AwsLogin.Faults, Vault.Faults })
        {
            faults.Clear();
        }

        Datadog.TokenLifetime = TimeSpan.FromMinutes(15);
        SingleStore.FailVerification = false;
        SingleStore.ReturnEmptyJwt = false;
        SingleStore.ReturnError = null;
        SingleStore.IncludeExpiresAt = false;
        AwsLogin.RoleName = LoginRole;
    }

    /// <summary>
    /// Temporary credentials for <c>assumed-role/{role}/{session}</c> issued an hour long at <paramref name="now"/> and
    /// known to <see cref="Sts"/>, as if the caller had assumed the role (AssumeRoleWithWebIdentity has its own tests).
    /// </summary>
    public IssuedCredential Session(string role, string session, string subject, DateTimeOffset now)
    {
        var roleArn = $"arn:aws:iam::{Sts.Account}:role/{role}";
        var issued = new IssuedCredential(StsCredentialFactory.AccessKeyId(), StsCredentialFactory.SecretAccessKey(),
            StsCredentialFactory.SessionToken(), now, now.AddHours(1), $"arn:aws:sts::{Sts.Account}:assumed-role/{role}/{session}",
            StsCredentialFactory.RoleId(roleArn) + ":" + session, Sts.Account, subject);
        Sts.Remember(issued);
        return issued;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SingleStore.Dispose();
    }
}
