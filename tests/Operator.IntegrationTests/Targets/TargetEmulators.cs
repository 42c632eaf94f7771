using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Targets;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Clouds.Vault;
using StsIssuedCredential = Operator.Testing.Clouds.Sts.IssuedCredential;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// One STS and the three vendor emulators on one HTTPS host, shared by a test class. Credentials are issued straight
/// into the STS emulator (the AWS provider's own tests cover AssumeRoleWithWebIdentity); the target classes then
/// run exactly as in the operator, through named HttpClients that trust the emulators' CA and time out.
/// </summary>
public sealed class TargetEmulators : IAsyncLifetime
{
    public const string Org = "11111111-2222-3333-4444-555555555555";
    public const string LoginRole = "gpu-reservations";
    public const string VaultServerId = "vault.example.com";

    internal StsEmulator Sts { get; } = new(TimeProvider.System);

    internal DatadogEmulator Datadog { get; private set; } = null!;

    internal SingleStoreEmulator SingleStore { get; private set; } = null!;

    internal AwsLoginEmulator AwsLogin { get; private set; } = null!;

    internal VaultAwsAuthEmulator Vault { get; private set; } = null!;

    internal CloudHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Datadog = new DatadogEmulator(Sts, TimeProvider.System);
        Datadog.AddOrg(Org, $"arn:aws:iam::{Sts.Account}:role/sre-arena");
        SingleStore = new SingleStoreEmulator(Sts, TimeProvider.System);
        AwsLogin = new AwsLoginEmulator(Sts, TimeProvider.System, LoginRole);
        Vault = new VaultAwsAuthEmulator(Sts, TimeProvider.System) { ServerId = VaultServerId };
        Vault.AddRole("billing", $"arn:aws:iam::{Sts.Account}:role/billing-vault");
        Host = await CloudHost.StartAsync(Sts, Datadog, SingleStore, AwsLogin, Vault);
    }

    /// <summary>Puts every emulator back to its defaults (test classes share one instance, tests run one at a time).</summary>
    internal void Reset()
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

    /// <summary>Temporary credentials for <c>assumed-role/{role}/{session}</c>, known to the STS emulator.</summary>
    internal AwsCloudIdentity Identity(string role, string session = "team-a.app", string? region = null)
    {
        var now = DateTimeOffset.UtcNow;
        var roleArn = $"arn:aws:iam::{Sts.Account}:role/{role}";
        var issued = new StsIssuedCredential(StsCredentialFactory.AccessKeyId(), StsCredentialFactory.SecretAccessKey(),
            StsCredentialFactory.SessionToken(), now, now.AddHours(1), $"arn:aws:sts::{Sts.Account}:assumed-role/{role}/{session}",
            StsCredentialFactory.RoleId(roleArn) + ":" + session, Sts.Account, "system:serviceaccount:team-a:app");
        Sts.Remember(issued);
        return new AwsCloudIdentity(issued.AssumedRoleArn,
            new AwsSessionCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, issued.Expiration), region);
    }

    /// <summary>A context as the issuer builds it; <paramref name="time"/> is the operator's clock.</summary>
    internal TargetContext Context(TargetSpec target, CloudIdentity identity, TimeProvider? time = null, TimeSpan? timeout = null, string? ttl = null) =>
        new(new DelegatedCredential
        {
            Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a" },
            Spec = new DelegatedCredentialSpec { ServiceAccountName = "app", Target = target, Ttl = ttl },
        },
        identity,
        HttpClients(timeout ?? TimeSpan.FromSeconds(10), Host.CreateHandler),
        time ?? TimeProvider.System);

    /// <summary>Named clients as the operator registers them: <paramref name="handler"/> decides which CAs are trusted.</summary>
    internal static IHttpClientFactory HttpClients(TimeSpan timeout, Func<HttpMessageHandler> handler)
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(handler));
        foreach (var name in TargetHttpClients.All)
        {
            services.AddHttpClient(name, client => client.Timeout = timeout);
        }

        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    }

    internal Uri Url(string path) => new(Host.BaseAddress, path.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SingleStore.Dispose();
        Sts.Dispose();
    }
}
