using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Testing.Harness;

/// <summary>
/// What a user does and sees with kubectl, as test steps, on any cluster (the emulated one or K3s): create and edit
/// DelegatedCredentials, wait for their Ready condition, read their Secrets and events.
/// </summary>
/// <param name="timeout">How long a wait lasts; a real cluster is slower than the emulator.</param>
internal class CredentialClient(IKubernetes client, TimeSpan? timeout = null)
{
    public IKubernetes Client => client;

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
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits for the Secret to be gone (garbage collection works asynchronously).</summary>
    public Task SecretGoneAsync(string ns, string name) =>
        Eventually.MatchAsync<V1Secret?>(() => SecretAsync(ns, name), s => s is null, $"garbage collection of Secret {ns}/{name}", timeout);

    /// <summary>Waits until the Ready condition has <paramref name="reason"/> (and the status is for the current generation).</summary>
    public Task<DelegatedCredential> ReadyAsync(string ns, string name, string reason, TimeSpan? wait = null) =>
        Eventually.MatchAsync(() => GetAsync(ns, name),
            c => Ready(c)?.Reason == reason && c.Status?.ObservedGeneration == c.Metadata.Generation,
            $"{ns}/{name} Ready reason {reason}", wait ?? timeout,
            c => $"generation {c?.Metadata.Generation}, status {(c?.Status is { } status ? KubernetesJson.Serialize(status) : "none")}");

    public static V1Condition? Ready(DelegatedCredential credential) =>
        credential.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public async Task<IList<Corev1Event>> EventsAsync(string ns, string name) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.InvolvedObject.Name == name)];

    public static string Text(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);

    /// <summary>Compares Secret data without ever printing it (a failing Assert.Equal would show the values).</summary>
    public static bool SameData(V1Secret a, V1Secret b) =>
        a.Data.Count == b.Data.Count && a.Data.All(e => b.Data.TryGetValue(e.Key, out var v) && v.AsSpan().SequenceEqual(e.Value));
}
