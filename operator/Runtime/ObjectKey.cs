using k8s.Models;

namespace Operator.Runtime;

/// <summary>Identifies one object of a kind: the unit of work of a controller.</summary>
internal readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IMetadata<V1ObjectMeta> obj) => new(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
