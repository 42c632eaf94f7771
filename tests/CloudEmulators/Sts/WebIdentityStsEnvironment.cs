using Microsoft.Extensions.Time.Testing;
using Operator.Testing.Clouds.Oidc;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// A ready-to-use STS for web identity tests: one HTTPS host serving an OIDC issuer (a stand-in for the cluster's
/// service-account issuer), an unregistered "rogue" issuer, and STS with the issuer registered as a provider and
/// one role (<see cref="RoleArn"/>) trusting <see cref="Subject"/> with audience <see cref="Audience"/>.
/// Time is a <see cref="FakeTimeProvider"/> starting at the real clock (TLS still uses the real clock).
/// </summary>
internal sealed class WebIdentityStsEnvironment : IAsyncDisposable
{
    public const string Audience = "sts.amazonaws.com";
    public const string Subject = "system:serviceaccount:team-a:app";
    public const string RoleName = "dd-reader";

    private WebIdentityStsEnvironment(CloudHost host, FakeTimeProvider time, OidcIssuer issuer, OidcIssuer rogue, StsEmulator sts)
    {
        Host = host;
        Time = time;
        Issuer = issuer;
        Rogue = rogue;
        Sts = sts;
    }

    public CloudHost Host { get; }

    public FakeTimeProvider Time { get; }

    public OidcIssuer Issuer { get; }

    /// <summary>An issuer STS does not know, with a key of its own.</summary>
    public OidcIssuer Rogue { get; }

    public StsEmulator Sts { get; }

    public string RoleArn => $"arn:aws:iam::{Sts.Account}:role/{RoleName}";

    public static async Task<WebIdentityStsEnvironment> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = new OidcIssuer("cluster", time);
        var rogue = new OidcIssuer("rogue", time);
        var sts = new StsEmulator(time);
        var host = await CloudHost.StartAsync(issuer, rogue, sts);
        sts.RegisterOidcProvider(issuer.Issuer, [Audience], host.Authority.Certificate);
        var environment = new WebIdentityStsEnvironment(host, time, issuer, rogue, sts);
        sts.AddRole(new RoleTrustPolicy(environment.RoleArn, issuer.Issuer, [Subject], [Audience], TimeSpan.FromHours(2)));
        return environment;
    }

    /// <summary>A valid token for <see cref="Subject"/> and <see cref="Audience"/>, signed by <see cref="Issuer"/>.</summary>
    public string ValidToken(TimeSpan? lifetime = null) => Issuer.IssueToken(Subject, [Audience], lifetime ?? TimeSpan.FromHours(1));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Sts.Dispose();
        Issuer.Dispose();
        Rogue.Dispose();
    }
}
