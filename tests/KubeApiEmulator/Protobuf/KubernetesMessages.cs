using static Operator.Testing.KubeApi.Protobuf.ProtoFieldShape;

namespace Operator.Testing.KubeApi.Protobuf;

/// <summary>
/// Field numbers of the messages kubectl's typed `create` commands send, from
/// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto and k8s.io/api/{core,authentication}/v1/generated.proto.
/// </summary>
internal static class KubernetesMessages
{
    public static readonly ProtoMessage OwnerReference = new(
        new(1, "kind", Text), new(5, "apiVersion", Text), new(3, "name", Text), new(4, "uid", Text),
        new(6, "controller", Flag), new(7, "blockOwnerDeletion", Flag));

    public static readonly ProtoMessage ObjectMeta = new(
        new(1, "name", Text), new(2, "generateName", Text), new(3, "namespace", Text),
        new(5, "uid", Text), new(6, "resourceVersion", Text), new(7, "generation", Integer),
        new(8, "creationTimestamp", Timestamp), new(11, "labels", StringMap), new(12, "annotations", StringMap),
        new(13, "ownerReferences", Nested, Repeated: true, OwnerReference), new(14, "finalizers", Text, Repeated: true));

    public static readonly ProtoMessage Namespace = new(
        new(1, "metadata", Nested, Message: ObjectMeta),
        new(2, "spec", Nested, Message: new ProtoMessage(new ProtoField(1, "finalizers", Text, Repeated: true))));

    private static readonly ProtoMessage s_objectReference = new(
        new(1, "kind", Text), new(2, "namespace", Text), new(3, "name", Text), new(4, "uid", Text),
        new(5, "apiVersion", Text));

    public static readonly ProtoMessage ServiceAccount = new(
        new(1, "metadata", Nested, Message: ObjectMeta),
        new(2, "secrets", Nested, Repeated: true, s_objectReference),
        new(3, "imagePullSecrets", Nested, Repeated: true, new ProtoMessage(new ProtoField(1, "name", Text))),
        new(4, "automountServiceAccountToken", Flag));

    public static readonly ProtoMessage Secret = new(
        new(1, "metadata", Nested, Message: ObjectMeta), new(2, "data", BinaryMap), new(3, "type", Text),
        new(4, "stringData", StringMap), new(5, "immutable", Flag));

    public static readonly ProtoMessage ConfigMap = new(
        new(1, "metadata", Nested, Message: ObjectMeta), new(2, "data", StringMap), new(3, "binaryData", BinaryMap),
        new(4, "immutable", Flag));

    private static readonly ProtoMessage s_boundObjectReference = new(
        new(1, "kind", Text), new(2, "apiVersion", Text), new(3, "name", Text), new(4, "uid", Text));

    public static readonly ProtoMessage TokenRequest = new(
        new(1, "metadata", Nested, Message: ObjectMeta),
        new(2, "spec", Nested, Message: new ProtoMessage(
            new ProtoField(1, "audiences", Text, Repeated: true), new ProtoField(4, "expirationSeconds", Integer),
            new ProtoField(3, "boundObjectRef", Nested, Message: s_boundObjectReference))));

    private static readonly ProtoMessage s_resourceAttributes = new(
        new(1, "namespace", Text), new(2, "verb", Text), new(3, "group", Text), new(4, "version", Text),
        new(5, "resource", Text), new(6, "subresource", Text), new(7, "name", Text));

    private static readonly ProtoMessage s_nonResourceAttributes = new(new(1, "path", Text), new(2, "verb", Text));

    /// <summary>k8s.io/api/authorization/v1: what `kubectl auth can-i` sends.</summary>
    public static readonly ProtoMessage SelfSubjectAccessReview = new(
        new(1, "metadata", Nested, Message: ObjectMeta),
        new(2, "spec", Nested, Message: new ProtoMessage(
            new ProtoField(1, "resourceAttributes", Nested, Message: s_resourceAttributes),
            new ProtoField(2, "nonResourceAttributes", Nested, Message: s_nonResourceAttributes))));
}
