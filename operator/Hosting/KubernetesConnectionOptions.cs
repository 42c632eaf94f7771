namespace Operator.Hosting;

internal sealed class KubernetesConnectionOptions
{
    /// <summary>Use the pod's service account (in-cluster config). Never chosen silently.</summary>
    public bool InCluster { get; set; }

    /// <summary>A kubeconfig path; default <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; default its current-context.</summary>
    public string? Context { get; set; }

    /// <summary>
    /// How long the checks at start (<see cref="StartupCheck"/>: API server reachable, CRD installed, list and watch
    /// allowed) may take together before the operator gives up with one line and exit code 2.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
