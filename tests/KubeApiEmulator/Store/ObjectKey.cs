namespace Operator.Testing.KubeApi.Store;

/// <summary>
/// Position of an object inside one resource's store. Lists are ordered as etcd orders its keys
/// (`/registry/secrets/ns/name`): by the string `ns/name`, byte by byte (L3). That is not "by namespace, then by name":
/// `-` sorts before `/`, so every object of namespace `team-b` comes before those of `team`.
/// </summary>
internal readonly record struct ObjectKey(string Namespace, string Name) : IComparable<ObjectKey>
{
    private int Length => Namespace.Length == 0 ? Name.Length : Namespace.Length + 1 + Name.Length;

    /// <summary>Compares the `ns/name` strings without building them: this runs for every stored object of every page.</summary>
    public int CompareTo(ObjectKey other)
    {
        if (string.Equals(Namespace, other.Namespace, StringComparison.Ordinal))
        {
            return string.CompareOrdinal(Name, other.Name);
        }

        var length = Math.Min(Length, other.Length);
        for (var i = 0; i < length; i++)
        {
            var byChar = At(i).CompareTo(other.At(i));
            if (byChar != 0)
            {
                return byChar;
            }
        }

        return Length.CompareTo(other.Length);
    }

    /// <summary>
    /// Compares this key with a continue token's start key (<see cref="ToContinueKey"/> form), as strings: a key without a
    /// namespace is its name, so the start key compares as one.
    /// </summary>
    public int CompareTo(string continueKey) => CompareTo(new ObjectKey("", continueKey));

    /// <summary>The etcd-style key suffix used in continue tokens: `ns/name` or `name`.</summary>
    public string ToContinueKey() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    private char At(int i) =>
        Namespace.Length == 0 ? Name[i]
        : i < Namespace.Length ? Namespace[i]
        : i == Namespace.Length ? '/'
        : Name[i - Namespace.Length - 1];
}
