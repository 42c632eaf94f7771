using Operator.Credentials.Targets;
using Operator.Runtime;

namespace Operator.Hosting;

/// <summary>
/// Everything the operator can be told at start, bound from the configuration section <c>Operator</c>
/// (appsettings.json, <c>OPERATOR__...</c> environment variables, <c>--Operator:...=</c> on the command line).
/// The README's configuration table documents each entry; keep the two in step.
/// </summary>
internal sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>
    /// The namespace to watch; empty means every namespace. This build watches all namespaces or exactly one
    /// (one informer per kind); run one deployment per namespace to cover a few.
    /// </summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>Reconcile workers running in parallel.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// When false (the default), a <c>spec.provider.*.roleArn</c> that differs from the ServiceAccount's own
    /// annotation is refused, so a DelegatedCredential never reaches further than a pod running as that SA.
    /// </summary>
    public bool AllowIdentityOverride { get; set; }

    public KubernetesConnectionOptions Kubernetes { get; set; } = new();

    /// <summary>The Lease that decides which replica reconciles (the runtime's options, bound here).</summary>
    public LeaderElectionOptions LeaderElection { get; set; } = new() { LeaseName = "delegated-credentials-operator" };

    public HttpEndpointOptions Http { get; set; } = new();

    public LoggingOptions Logging { get; set; } = new();

    public AwsOptions Aws { get; set; } = new();

    public ExchangeRateOptions ExchangeRate { get; set; } = new();

    /// <summary>How the operator talks to target services (Datadog, SingleStore, http login endpoints).</summary>
    public TargetHttpOptions Targets { get; set; } = new();

    /// <summary>A PEM bundle of extra certificate authorities to trust for cloud endpoints (private endpoints, tests).</summary>
    public string? TrustedCaBundleFile { get; set; }
}

internal sealed class KubernetesConnectionOptions
{
    /// <summary>Use the pod's service account (in-cluster config). Never chosen silently.</summary>
    public bool InCluster { get; set; }

    /// <summary>A kubeconfig path; default <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; default its current-context.</summary>
    public string? Context { get; set; }
}

internal sealed class HttpEndpointOptions
{
    /// <summary>Port for <c>/metrics</c> (and the probes); 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>A second port for <c>/healthz</c> and <c>/readyz</c> (the manifests probe it); same as Port for one listener.</summary>
    public int HealthPort { get; set; } = 8081;

    public string BindAddress { get; set; } = "0.0.0.0";
}

internal enum LogFormat
{
    Json,
    Text,
}

internal sealed class LoggingOptions
{
    /// <summary>JSON lines for log collectors by default; <c>Text</c> (or <c>--human-logs</c>) for people.</summary>
    public LogFormat Format { get; set; } = LogFormat.Json;
}

internal sealed class AwsOptions
{
    /// <summary>Replaces every STS endpoint (global and regional), e.g. a VPC endpoint, FIPS, or an emulator.</summary>
    public Uri? StsEndpoint { get; set; }
}

internal sealed class ExchangeRateOptions
{
    /// <summary>Sustained exchanges per second allowed against one cloud endpoint or target service.</summary>
    public double PerSecond { get; set; } = 10;

    /// <summary>Exchanges allowed in a burst before the sustained rate applies.</summary>
    public int Burst { get; set; } = 20;
}
