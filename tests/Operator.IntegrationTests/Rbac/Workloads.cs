using k8s.Models;

namespace Operator.IntegrationTests.Rbac;

/// <summary>Minimal apps/v1 workloads for restartOnRotation.</summary>
internal static class Workloads
{
    public static V1Deployment Deployment(string name) => new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1DeploymentSpec { Selector = Selector(name), Template = Template(name) } };

    public static V1StatefulSet StatefulSet(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1StatefulSetSpec { Selector = Selector(name), Template = Template(name), ServiceName = name } };

    public static V1DaemonSet DaemonSet(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1DaemonSetSpec { Selector = Selector(name), Template = Template(name) } };

    private static V1LabelSelector Selector(string name) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = name } };

    private static V1PodTemplateSpec Template(string name) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = "busybox" }] },
    };
}
