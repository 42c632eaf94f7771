namespace Operator.Hosting;

internal sealed class KubernetesConnectionOptions
{
    /// <summary>Use the pod's service account (in-cluster config). Never chosen silently.</summary>
    public bool InCluster { get; set; }

    /// <summary>A kubeconfig path; default <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; default its current-context.</summary>
    public string? Context { get; set; }
}
