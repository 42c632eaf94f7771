using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Operator.Api.V1Alpha1;

/// <summary>
/// A short-lived credential for a ServiceAccount's federated cloud identity, kept fresh in a Secret.
/// The CRD in crds/ is the source of truth; a unit test keeps this model and its schema in step.
/// </summary>
[KubernetesEntity(Group = ApiGroup, ApiVersion = Version, Kind = EntityKind, PluralName = Plural)]
public sealed record DelegatedCredential : IKubernetesObject<V1ObjectMeta>, ISpec<DelegatedCredentialSpec>, IStatus<DelegatedCredentialStatus?>
{
    public const string ApiGroup = "credentials.delegated.dev";
    public const string Version = "v1alpha1";
    public const string EntityKind = "DelegatedCredential";
    public const string Plural = "delegatedcredentials";
    public const string GroupVersion = ApiGroup + "/" + Version;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = EntityKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public DelegatedCredentialSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public DelegatedCredentialStatus? Status { get; set; }
}
