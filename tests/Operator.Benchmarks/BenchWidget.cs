using k8s;
using k8s.Models;

namespace Operator.Benchmarks;

/// <summary>The small custom resource the benchmark loads 10,000 of.</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = "BenchWidget", PluralName = Plural)]
internal sealed class BenchWidget : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "bench.example.com";
    public const string Version = "v1";
    public const string Plural = "benchwidgets";

    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    public string Kind { get; set; } = "BenchWidget";

    public V1ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, string>? Spec { get; set; }

    public static V1CustomResourceDefinition Definition() => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{Plural}.{Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = Plural, Singular = "benchwidget", Kind = "BenchWidget", ListKind = "BenchWidgetList" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Version,
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                    },
                },
            ],
        },
    };
}

internal sealed class BenchWidgetList : IKubernetesObject<V1ListMeta>, IItems<BenchWidget>
{
    public string ApiVersion { get; set; } = $"{BenchWidget.Group}/{BenchWidget.Version}";

    public string Kind { get; set; } = "BenchWidgetList";

    public V1ListMeta Metadata { get; set; } = new();

    public IList<BenchWidget> Items { get; set; } = [];
}
