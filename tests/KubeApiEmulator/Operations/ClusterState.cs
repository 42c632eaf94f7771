using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>Everything a request handler needs: the store, the served resources, the clock and the knobs.</summary>
internal sealed class ClusterState(KubeApiEmulatorOptions options)
{
    public KubeApiEmulatorOptions Options { get; } = options;

    public ResourceStore Store { get; } = new(options.WatchHistoryWindow);

    public ResourceRegistry Registry { get; } = new();

    public TimeProvider Time => Options.TimeProvider;

    /// <summary>metav1.Time: RFC 3339 in whole seconds (C6).</summary>
    public string Now() => Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Namespace lifecycle admission on create (P4): missing → 404, terminating → 403.</summary>
    public void AdmitIntoNamespace(ResourceType type, string ns, string name)
    {
        var nsObject = Store.Get(BuiltinResources.Namespaces.StorageKey, new ObjectKey("", ns))
            ?? throw StatusErrors.NotFound(BuiltinResources.Namespaces, ns);
        if (type != BuiltinResources.Events && IsTerminating(nsObject))
        {
            throw StatusErrors.New(403, "Forbidden",
                $"{type.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                StatusErrors.Details(name, type.Group, type.Plural));
        }
    }

    public static bool IsTerminating(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;
}
