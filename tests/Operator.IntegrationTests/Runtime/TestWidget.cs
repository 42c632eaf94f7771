using k8s;
using k8s.Models;

namespace Operator.IntegrationTests.Runtime;

/// <summary>A tiny custom resource registered in the emulator by its CRD, to drive the runtime's custom-resource paths.</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = "Widget", PluralName = Plural)]
internal sealed class TestWidget : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "runtime.test.example.com";
    public const string Version = "v1";
    public const string Plural = "widgets";

    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    public string Kind { get; set; } = "Widget";

    public V1ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, string>? Spec { get; set; }

    public Dictionary<string, string>? Status { get; set; }

    public static V1CustomResourceDefinition Definition() => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{Plural}.{Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = Plural, Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Version,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                    },
                },
            ],
        },
    };
}

internal sealed class TestWidgetList : IKubernetesObject<V1ListMeta>, IItems<TestWidget>
{
    public string ApiVersion { get; set; } = $"{TestWidget.Group}/{TestWidget.Version}";

    public string Kind { get; set; } = "WidgetList";

    public V1ListMeta Metadata { get; set; } = new();

    public IList<TestWidget> Items { get; set; } = [];
}
