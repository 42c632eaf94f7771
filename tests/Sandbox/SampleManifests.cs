using System.Text.Json.Nodes;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Testing.KubeApi.Http;

namespace Sandbox;

/// <summary>A sample DelegatedCredential, as its YAML says, and whether this build's operator can issue it.</summary>
internal sealed record SampleManifest(string File, JsonObject Body, DelegatedCredential Credential)
{
    /// <summary>
    /// Whether this build's operator issues the sample (its pair is built, as the operator's own
    /// <see cref="ProviderTargetMatrix"/> says) and, for a target service, the sandbox emulates that service.
    /// </summary>
    public bool IsSupported => ProviderTargetMatrix.IsBuilt(Credential.Spec)
        && (Credential.Spec.Target is { AwsCredentials: not null } or { ServiceAccountToken: not null } or { AzureAccessToken: not null } || VendorEmulators.Serves(Credential)
            // Google's own tokens: the sandbox's Google STS and IAM Credentials issue them, no vendor service is involved.
            || Credential.Spec.Target is { GcpAccessToken: not null } or { GcpIdToken: not null });

    public string Describe => $"{Credential.Metadata.NamespaceProperty ?? "default"}/{Credential.Metadata.Name} ({File}: " +
        $"{Credential.Spec.Provider?.Name ?? "none"} → {Credential.Spec.Target.Name})";

    public static IReadOnlyList<SampleManifest> ReadAll(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => YamlToJson.Documents(System.IO.File.ReadAllText(file)).OfType<JsonObject>()
                .Where(doc => doc["kind"]?.GetValue<string>() == DelegatedCredential.EntityKind)
                .Select(doc => new SampleManifest(Path.GetFileName(file), doc, KubernetesJson.Deserialize<DelegatedCredential>(doc.ToJsonString()))))];
}
