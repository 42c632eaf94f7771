using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Store;

internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One committed write. <paramref name="Object"/> is the stored state after it (for deletes: the last
/// stored state with the deletion revision, W2); <paramref name="Previous"/> the state before (null on add).</summary>
internal sealed record StoreEvent(long Revision, string StorageKey, StoreEventType Type, JsonObject Object, JsonObject? Previous)
{
    public string Namespace => Object["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    public string Name => Object["metadata"]?["name"]?.GetValue<string>() ?? "";
}
