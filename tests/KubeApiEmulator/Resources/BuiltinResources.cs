using Operator.Testing.KubeApi.Kinds;

namespace Operator.Testing.KubeApi.Resources;

/// <summary>The built-in kinds an operator and kubectl touch (core v1, apps, coordination, events, apiextensions).</summary>
internal static class BuiltinResources
{
    public static readonly HashSet<(string Group, string Version)> GroupVersions =
    [
        ("", "v1"), ("apps", "v1"), ("coordination.k8s.io", "v1"), ("events.k8s.io", "v1"), ("apiextensions.k8s.io", "v1"),
        ("authentication.k8s.io", "v1"),
    ];

    public static readonly ResourceType Namespaces =
        new("", "v1", "namespaces", "namespace", "Namespace", false, NamespaceStrategy.Instance) { HasStatus = true, ShortNames = ["ns"] };

    public static readonly ResourceType Secrets = new("", "v1", "secrets", "secret", "Secret", true, SecretStrategy.Instance);

    public static readonly ResourceType ServiceAccounts =
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, PlainStrategy.Instance) { ShortNames = ["sa"] };

    public static readonly ResourceType Events = new("", "v1", "events", "event", "Event", true, CoreEventStrategy.Instance) { ShortNames = ["ev"] };

    public static readonly ResourceType ConfigMaps =
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, PlainStrategy.Instance) { ShortNames = ["cm"] };

    public static readonly ResourceType Pods = new("", "v1", "pods", "pod", "Pod", true, PlainStrategy.Instance) { HasStatus = true, ShortNames = ["po"] };

    public static readonly ResourceType Deployments =
        new("apps", "v1", "deployments", "deployment", "Deployment", true, DeploymentStrategy.Instance) { HasStatus = true, ShortNames = ["deploy"] };

    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, LeaseStrategy.Instance);

    public static readonly ResourceType EventsV1 = new("events.k8s.io", "v1", "events", "event", "Event", true, EventsV1Strategy.Instance) { ShortNames = ["ev"] };

    public static readonly ResourceType CustomResourceDefinitions =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
            CustomResourceDefinitionStrategy.Instance)
        { HasStatus = true, ShortNames = ["crd", "crds"] };

    public static IEnumerable<ResourceType> All() =>
        [Namespaces, Secrets, ServiceAccounts, Events, ConfigMaps, Pods, Deployments, Leases, EventsV1, CustomResourceDefinitions];
}
