namespace Operator.Testing.KubeApi.Kinds;

/// <summary>Kinds whose metadata.generation follows spec changes and that have no other rules (DaemonSets, admission policies).</summary>
internal sealed class GenerationStrategy : IResourceStrategy
{
    public static GenerationStrategy Instance { get; } = new();

    public bool TracksGeneration => true;
}
