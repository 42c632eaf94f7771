using Operator.Testing.KubeApi.Kinds;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Resources;

/// <summary>One served resource of one group-version, with the rules its writes follow.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IResourceStrategy Strategy)
{
    public bool HasStatus { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>Only `create` is served (TokenReview, SubjectAccessReview): discovery lists just that verb.</summary>
    public bool CreateOnly { get; init; }

    public CrdSchema? Schema { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>CRD `selectableFields` json paths (without the leading dot), usable in fieldSelector.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>Objects of every served version of one resource share one store, keyed group/plural.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => ApiVersion;

    /// <summary>`secrets` or `widgets.example.com`, as NotFound/Conflict messages name it.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>`Secret` or `Widget.example.com`, as Invalid messages name it.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string ListKind => $"{Kind}List";
}
