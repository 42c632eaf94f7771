using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Api.V1Alpha1;

/// <summary>The list form returned by a LIST of delegatedcredentials.</summary>
public sealed record DelegatedCredentialList : IKubernetesObject<V1ListMeta>, IItems<DelegatedCredential>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = DelegatedCredential.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = DelegatedCredential.EntityKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>Read item by item: an object the model cannot hold is left out and reported, not fatal to the list.</summary>
    [JsonPropertyName("items")]
    [JsonConverter(typeof(ReadableItemsConverter<DelegatedCredential>))]
    public IList<DelegatedCredential> Items { get; set; } = [];
}
