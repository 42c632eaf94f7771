namespace Operator.Testing.KubeApi.Kinds;

/// <summary>Custom resources (CRS strategy.go): generation tracked, RV required on update, no strategic merge patch.</summary>
internal sealed class CustomResourceStrategy : IResourceStrategy
{
    public static CustomResourceStrategy Instance { get; } = new();

    public bool TracksGeneration => true;

    public bool AcceptsStrategicMergePatch => false;
}
