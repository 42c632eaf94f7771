namespace Operator.Testing.KubeApi.Store;

/// <summary>Position of an object inside one resource's store; orders lists by namespace then name (L3).</summary>
internal readonly record struct ObjectKey(string Namespace, string Name) : IComparable<ObjectKey>
{
    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>The etcd-style key suffix used in continue tokens: `ns/name` or `name`.</summary>
    public string ToContinueKey() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
