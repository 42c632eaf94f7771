using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Targets;
using Operator.Credentials.Validation;

namespace Operator.Credentials.Secrets;

/// <summary>
/// Builds the Secret a credential should live in: the target's data, the user's labels, annotations and
/// type from <c>spec.secret</c>, and our marks (which win over the user's on a clash), owned by the
/// DelegatedCredential as its controller so garbage collection deletes it with its owner.
/// </summary>
internal static class DesiredSecret
{
    public const string DefaultType = "Opaque";

    public static string NameFor(DelegatedCredential credential) =>
        string.IsNullOrEmpty(credential.Spec.Secret?.Name) ? credential.Metadata.Name : credential.Spec.Secret.Name;

    public static V1Secret Build(DelegatedCredential credential, IssuedCredential issued, string specHash, DateTimeOffset issuedAt, DateTimeOffset refreshAt)
    {
        var data = issued.Data.ToDictionary(e => e.Key, e => e.Value);
        var dataHash = SecretDataHash.Compute(data);
        // Reserved keys were refused by the CRD and the validator; they are dropped here too (the writer refuses them).
        var labels = new Dictionary<string, string>(UserKeys(credential.Spec.Secret?.Labels))
        {
            [ManagedSecret.ManagedByLabel] = ManagedSecret.ManagedByValue,
        };
        var annotations = new Dictionary<string, string>(UserKeys(credential.Spec.Secret?.Annotations))
        {
            [ManagedSecret.SpecHashAnnotation] = specHash,
            [ManagedSecret.DataHashAnnotation] = dataHash,
            [ManagedSecret.RolloutHashAnnotation] = RolloutHash.Compute(dataHash),
            [ManagedSecret.IssuedAtAnnotation] = ManagedSecret.FormatTime(issuedAt),
            [ManagedSecret.ExpiresAtAnnotation] = ManagedSecret.FormatTime(issued.ExpiresAt),
            [ManagedSecret.RefreshAtAnnotation] = ManagedSecret.FormatTime(refreshAt),
            [ManagedSecret.IdentityAnnotation] = issued.Identity,
        };

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = NameFor(credential),
                NamespaceProperty = credential.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = [OwnerReference(credential)],
            },
            Type = string.IsNullOrEmpty(credential.Spec.Secret?.Type) ? DefaultType : credential.Spec.Secret.Type,
            Data = data,
        };
    }

    private static IEnumerable<KeyValuePair<string, string>> UserKeys(IReadOnlyDictionary<string, string>? map) =>
        (map ?? new Dictionary<string, string>()).Where(e => !SecretMetadataLimits.IsReserved(e.Key));

    private static V1OwnerReference OwnerReference(DelegatedCredential credential) => new()
    {
        ApiVersion = credential.ApiVersion,
        Kind = credential.Kind,
        Name = credential.Metadata.Name,
        Uid = credential.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
