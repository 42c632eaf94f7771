using System.Diagnostics.CodeAnalysis;

namespace Operator.Testing.KubeApi.Resources;

/// <summary>
/// The resources the emulator serves: the built-ins plus those registered by CustomResourceDefinitions.
/// Discovery and routing read it; CRD writes change it.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private readonly List<ResourceType> _types = [];

    public ResourceRegistry()
    {
        foreach (var type in BuiltinResources.All())
        {
            _types.Add(type);
        }
    }

    /// <summary>Group-versions that are built in: unknown resources inside them get a 404 Status, not plain text (P3).</summary>
    public static bool IsBuiltinGroupVersion(string group, string version) =>
        BuiltinResources.GroupVersions.Contains((group, version));

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _types];
            }
        }
    }

    public bool ServesGroupVersion(string group, string version)
    {
        lock (_gate)
        {
            return IsBuiltinGroupVersion(group, version) || _types.Any(t => t.Group == group && t.Version == version);
        }
    }

    public bool TryFind(string group, string version, string plural, [NotNullWhen(true)] out ResourceType? type)
    {
        lock (_gate)
        {
            type = _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);
            return type is not null;
        }
    }

    /// <summary>Replaces every version of the custom resource group/plural with <paramref name="versions"/>.</summary>
    public void RegisterCustom(string group, string plural, IReadOnlyList<ResourceType> versions)
    {
        lock (_gate)
        {
            _types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural);
            _types.AddRange(versions);
        }
    }

    public void UnregisterCustom(string group, string plural)
    {
        lock (_gate)
        {
            _types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural);
        }
    }

    /// <summary>Finds the type that owns objects of apiVersion/kind (ownerReferences, involvedObject).</summary>
    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        lock (_gate)
        {
            return _types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);
        }
    }
}
