using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>What a user does and sees with kubectl, as test steps: create objects, read status, Secrets and events.</summary>
internal sealed class Cluster(OperatorTestbed testbed)
{
    public IKubernetes Client => testbed.Client;

    public static DelegatedCredential Credential(string ns, string name, string serviceAccount, string? roleArn = null,
        string? secretName = null, string? ttl = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new DelegatedCredentialSpec
            {
                ServiceAccountName = serviceAccount,
                Provider = new ProviderSpec { Aws = new AwsProviderSpec { RoleArn = roleArn, Region = "us-east-1" } },
                Target = new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() },
                Ttl = ttl,
                Secret = secretName is null ? null : new SecretSpec { Name = secretName },
            },
        };

    public Task CreateAsync(DelegatedCredential credential) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(credential, DelegatedCredential.ApiGroup, DelegatedCredential.Version,
            credential.Metadata.NamespaceProperty, DelegatedCredential.Plural);

    public Task<DelegatedCredential> GetAsync(string ns, string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<DelegatedCredential>(DelegatedCredential.ApiGroup, DelegatedCredential.Version,
            ns, DelegatedCredential.Plural, name);

    public Task PatchSpecAsync(string ns, string name, string mergePatchJson) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(mergePatchJson, V1Patch.PatchType.MergePatch),
            DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns, DelegatedCredential.Plural, name);

    public Task DeleteAsync(string ns, string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns,
            DelegatedCredential.Plural, name);

    public async Task<V1Secret?> SecretAsync(string ns, string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedSecretAsync(name, ns);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits until the Ready condition has <paramref name="reason"/> (and the status is for the current generation).</summary>
    public Task<DelegatedCredential> ReadyAsync(string ns, string name, string reason, TimeSpan? timeout = null) =>
        Eventually.MatchAsync(() => GetAsync(ns, name),
            c => Ready(c)?.Reason == reason && c.Status?.ObservedGeneration == c.Metadata.Generation,
            $"{ns}/{name} Ready reason {reason}", timeout,
            c => $"generation {c?.Metadata.Generation}, status {KubernetesJson.Serialize(c?.Status)}");

    public static V1Condition? Ready(DelegatedCredential credential) =>
        credential.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public async Task<IList<Corev1Event>> EventsAsync(string ns, string name) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.InvolvedObject.Name == name)];

    public static string Text(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);

    /// <summary>Compares Secret data without ever printing it (a failing Assert.Equal would show the values).</summary>
    public static bool SameData(V1Secret a, V1Secret b) =>
        a.Data.Count == b.Data.Count && a.Data.All(e => b.Data.TryGetValue(e.Key, out var v) && v.AsSpan().SequenceEqual(e.Value));
}
