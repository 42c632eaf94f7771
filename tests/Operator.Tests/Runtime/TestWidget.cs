using k8s;
using k8s.Models;

namespace Operator.Tests.Runtime;

/// <summary>A minimal custom resource for runtime tests.</summary>
[KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
internal sealed class TestWidget : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "test.example.com/v1";

    public string Kind { get; set; } = "Widget";

    public V1ObjectMeta Metadata { get; set; } = new();

    public WidgetStatus? Status { get; set; }
}

internal sealed class WidgetStatus
{
    public long? ObservedGeneration { get; set; }

    public string? Phase { get; set; }

    public string? Message { get; set; }
}
