using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Gcp;
using Operator.Testing.Clouds.Vault;
using Operator.Testing.Harness;

namespace Sandbox;

/// <summary>
/// The vendor services the samples name (Datadog, SingleStore, the aws-login API, Vault's AWS auth), emulated on one HTTPS host whose
/// CA the operator already trusts, each verifying what it receives against the sandbox's STS. Samples are pointed
/// at them through their own endpoint fields (<c>datadog.url</c>, <c>singlestore.serverUrl</c>, <c>http.url</c>),
/// as a user with a private endpoint would; tokens live as long as the sandbox's STS sessions.
/// </summary>
internal sealed class VendorEmulators(VendorEmulatorSet set) : IAsyncDisposable
{
    public Uri BaseAddress => set.Host.BaseAddress;

    public static async Task<VendorEmulators> StartAsync(OperatorTestbed testbed, TimeSpan lifetime)
    {
        var set = await VendorEmulatorSet.StartAsync(testbed.Sts, TimeProvider.System, serveSts: false, lifetime);
        set.SingleStore.IncludeExpiresAt = true;
        set.SingleStore.Google = new GoogleIdTokenVerifier(testbed.IamCredentials.CertsUrl, TimeProvider.System);
        // SingleStore verifies Entra tokens of any tenant against the keys the sandbox's Entra serves.
        set.SingleStore.AcceptEntra(testbed.Entra.AuthorityHost);
        return new VendorEmulators(set);
    }

    /// <summary>Whether a sample's target is one of these services (an http target is recognised by its path).</summary>
    public static bool Serves(DelegatedCredential sample) => sample.Spec.Target switch
    {
        { Datadog: not null } or { SingleStore: not null } => true,
        { Http: { } http } => http.Url.EndsWith(AwsLoginEmulator.Path, StringComparison.Ordinal)
            || http.Url.EndsWith(VaultAwsAuthEmulator.Path, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// Points the sample at its emulator, makes the emulator accept it (its org, its role), and creates the CA
    /// bundle it names in its namespace.
    /// </summary>
    public async Task PrepareAsync(IKubernetes client, SampleManifest sample)
    {
        var target = sample.Body["spec"]!["target"]!.AsObject();
        var ns = sample.Credential.Metadata.NamespaceProperty ?? "default";
        switch (sample.Credential.Spec.Target)
        {
            case { Datadog: { } datadog }:
                set.Datadog.AddOrg(datadog.OrgUuid, sample.Credential.Spec.Provider?.Aws?.RoleArn is { } trusted ? [trusted] : []);
                target["datadog"]!["url"] = BaseAddress.ToString();
                break;
            case { SingleStore: not null }:
                target["singlestore"]!["serverUrl"] = BaseAddress.ToString();
                break;
            case { Http: { } http } when http.Url.EndsWith(VaultAwsAuthEmulator.Path, StringComparison.Ordinal):
                target["http"]!["url"] = new Uri(BaseAddress, VaultAwsAuthEmulator.Path.TrimStart('/')).ToString();
                set.Vault.ServerId = http.Proof.SignedHeaders?.GetValueOrDefault(VaultAwsAuthEmulator.ServerIdHeader);
                if (http.StaticFields?.GetValueOrDefault("role") is { } vaultRole && sample.Credential.Spec.Provider?.Aws?.RoleArn is { } bound)
                {
                    set.Vault.AddRole(vaultRole, bound);
                }

                break;
            case { Http: { } http }:
                target["http"]!["url"] = new Uri(BaseAddress, AwsLoginEmulator.Path.TrimStart('/')).ToString();
                if (sample.Credential.Spec.Provider?.Aws?.RoleArn is { } role)
                {
                    set.AwsLogin.RoleName = role[(role.LastIndexOf('/') + 1)..];
                }

                await CreateCaBundleAsync(client, ns, http.CaBundle);
                break;
        }
    }

    private async Task CreateCaBundleAsync(IKubernetes client, string ns, CaBundleSource? source)
    {
        var pem = set.Host.Authority.CertificatePem;
        if (source?.ConfigMapKeyRef is { } map)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = map.Name },
                Data = new Dictionary<string, string> { [map.Key] = pem },
            }, ns);
        }
        else if (source?.SecretKeyRef is { } secret)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret(secret.Name, stringData: new Dictionary<string, string> { [secret.Key] = pem }), ns);
        }
    }

    public ValueTask DisposeAsync() => set.DisposeAsync();
}
