using System.Text.Json.Nodes;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Testing.KubeApi.Http;

namespace Sandbox;

/// <summary>A sample DelegatedCredential, as its YAML says, and whether this build's operator can issue it.</summary>
internal sealed record SampleManifest(string File, JsonObject Body, DelegatedCredential Credential)
{
    /// <summary>
    /// This build issues AWS IRSA → awsCredentials and the vendor targets the sandbox emulates, and ServiceAccount
    /// tokens without a provider; GCP and Azure come with the providers issue.
    /// </summary>
    public bool IsSupported => Credential.Spec switch
    {
        { Provider.Aws: not null, Target.AwsCredentials: not null } => true,
        { Provider.Aws: not null } => VendorEmulators.Serves(Credential),
        { Provider: null, Target.ServiceAccountToken: not null } => true,
        _ => false,
    };

    public string Describe => $"{Credential.Metadata.NamespaceProperty ?? "default"}/{Credential.Metadata.Name} ({File}: " +
        $"{Credential.Spec.Provider?.Name ?? "none"} → {Credential.Spec.Target.Name})";

    public static IReadOnlyList<SampleManifest> ReadAll(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => YamlToJson.Documents(System.IO.File.ReadAllText(file)).OfType<JsonObject>()
                .Where(doc => doc["kind"]?.GetValue<string>() == DelegatedCredential.EntityKind)
                .Select(doc => new SampleManifest(Path.GetFileName(file), doc, KubernetesJson.Deserialize<DelegatedCredential>(doc.ToJsonString()))))];
}
