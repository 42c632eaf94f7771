using Microsoft.Extensions.Time.Testing;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Clouds.Vault;

namespace Operator.Testing.Support;

/// <summary>
/// An STS and the vendor emulators on one HTTPS host, shared by a test class. Every emulator reads
/// <see cref="Time"/>, a fake clock starting at the real time (TLS still uses the real clock), so tests sign and
/// compare expiries against a time that does not move under them. The Datadog org <see cref="Org"/> trusts the
/// roles <c>sre</c> and <c>sre-arena</c>; Vault's role <c>billing</c> is bound to the role <c>billing-vault</c>.
/// </summary>
public class VendorEmulatorsFixture : IAsyncLifetime
{
    public const string Org = "11111111-2222-3333-4444-555555555555";
    public const string LoginRole = VendorEmulatorSet.LoginRole;
    public const string VaultServerId = "vault.example.com";

    private VendorEmulatorSet? _set;

    internal FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    internal VendorEmulatorSet Set => _set ?? throw new InvalidOperationException("Not started.");

    internal StsEmulator Sts => Set.Sts;

    internal DatadogEmulator Datadog => Set.Datadog;

    internal SingleStoreEmulator SingleStore => Set.SingleStore;

    internal AwsLoginEmulator AwsLogin => Set.AwsLogin;

    internal VaultAwsAuthEmulator Vault => Set.Vault;

    internal CloudHost Host => Set.Host;

    public async ValueTask InitializeAsync()
    {
        var sts = new StsEmulator(Time);
        _set = await VendorEmulatorSet.StartAsync(sts, Time, serveSts: true);
        Datadog.AddOrg(Org, $"arn:aws:iam::{sts.Account}:role/sre", $"arn:aws:iam::{sts.Account}:role/sre-arena");
        Vault.ServerId = VaultServerId;
        Vault.AddRole("billing", $"arn:aws:iam::{sts.Account}:role/billing-vault");
    }

    /// <summary>Puts every emulator back to its defaults (test classes share one instance, tests run one at a time).</summary>
    internal void Reset() => Set.Reset();

    internal Uri Url(string path) => Set.Url(path);

    /// <summary>Session credentials STS knows, for <c>assumed-role/{role}/{session}</c>, issued now.</summary>
    internal IssuedCredential Session(string role, string session = "alice", string subject = "system:serviceaccount:team-a:app") =>
        Set.Session(role, session, subject, Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_set is not null)
        {
            await _set.DisposeAsync();
            _set.Sts.Dispose();
        }
    }
}
