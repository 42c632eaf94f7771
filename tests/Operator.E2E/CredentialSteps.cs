using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.E2E;

/// <summary>What a user does and sees with kubectl on the K3s cluster, as test steps (mirrors the integration tier's Cluster).</summary>
internal sealed partial class CredentialSteps(K3sCluster cluster)
{
    /// <summary>A real cluster is slower than the emulator (first TokenRequest, informer start, STS JWKS fetch).</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private IKubernetes Client => cluster.Client;

    public static DelegatedCredential AwsCredential(string ns, string name, string serviceAccount) => new()
    {
        ApiVersion = DelegatedCredential.GroupVersion,
        Kind = DelegatedCredential.EntityKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new DelegatedCredentialSpec
        {
            ServiceAccountName = serviceAccount,
            Provider = new ProviderSpec { Aws = new AwsProviderSpec { Region = "us-east-1" } },
            Target = new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() },
        },
    };

    public Task CreateAsync(DelegatedCredential credential) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(credential, DelegatedCredential.ApiGroup, DelegatedCredential.Version,
            credential.Metadata.NamespaceProperty, DelegatedCredential.Plural);

    public Task DeleteAsync(string ns, string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns,
            DelegatedCredential.Plural, name);

    public Task<DelegatedCredential> GetAsync(string ns, string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<DelegatedCredential>(DelegatedCredential.ApiGroup, DelegatedCredential.Version,
            ns, DelegatedCredential.Plural, name);

    /// <summary>Waits until the Ready condition has <paramref name="reason"/> for the current generation.</summary>
    public Task<DelegatedCredential> ReadyAsync(string ns, string name, string reason) =>
        Eventually.MatchAsync(() => GetAsync(ns, name),
            c => c.Status?.Conditions?.FirstOrDefault(x => x.Type == "Ready")?.Reason == reason
                && c.Status.ObservedGeneration == c.Metadata.Generation,
            $"{ns}/{name} Ready reason {reason}", s_timeout,
            c => $"generation {c?.Metadata.Generation}, status {KubernetesJson.Serialize(c?.Status)}");

    public async Task<V1Secret?> SecretAsync(string ns, string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedSecretAsync(name, ns);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits for the Secret to be gone (the real garbage collector works asynchronously).</summary>
    public Task SecretGoneAsync(string ns, string name) =>
        Eventually.MatchAsync<V1Secret?>(() => SecretAsync(ns, name), s => s is null, $"garbage collection of Secret {ns}/{name}", s_timeout);

    public static string Text(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);

    /// <summary>
    /// Fails without printing the offending lines (that would put the secret into the test output) when a log line
    /// holds a key or session token STS issued, or anything shaped like a JWT (the ServiceAccount tokens minted).
    /// </summary>
    public void AssertNoSecretsLogged()
    {
        var secrets = cluster.Sts.Issued.SelectMany(c => new[] { c.SecretAccessKey, c.SessionToken }).ToList();
        var lines = cluster.Logs.Lines;
        var leaks = lines.Count(line => Jwt().IsMatch(line) || secrets.Any(s => line.Contains(s, StringComparison.Ordinal)));
        Assert.True(leaks == 0, $"{leaks} captured log line(s) contain a secret value (not shown here on purpose).");
        Assert.NotEmpty(lines);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex Jwt();
}
