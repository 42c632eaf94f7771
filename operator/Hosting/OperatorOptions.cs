using Operator.Credentials.CloudHttp;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Azure;
using Operator.Credentials.Identity.Gcp;
using Operator.Credentials.Targets;
using Operator.Credentials.Throttling;
using Operator.Runtime;
using Operator.Runtime.Hosting;
using Operator.Runtime.Sharding;

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
    /// The namespaces to watch; empty means every namespace (one watch per kind). Each listed namespace gets its own
    /// watch per kind, all feeding one cache; objects elsewhere are never seen.
    /// </summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>
    /// Reconcile workers running in parallel. A reconcile mostly waits on the network (reads, TokenRequest, the
    /// exchange, the Secret write, the status patch), so enough workers must be in flight to keep the exchange rate
    /// busy (about rate × one reconcile's latency), and the rate limiter can only order the exchanges that hold a
    /// worker. Under a burst of first issues one reconcile took about 190 ms in the fleet benchmark, so 200/s needs about
    /// 38 in flight: 64 (README, "Rate and workers"; tests/Operator.Benchmarks/results.md, "Third round").
    /// </summary>
    public int Workers { get; set; } = 64;

    /// <summary>
    /// The deadline of one reconcile: past it the reconcile is cancelled and retried with backoff; one still running at
    /// twice the deadline fails <c>/healthz</c>.
    /// </summary>
    public TimeSpan ReconcileTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When false (the default), a <c>spec.provider.*.roleArn</c> that differs from the ServiceAccount's own
    /// annotation is refused, so a DelegatedCredential never reaches further than a pod running as that SA.
    /// </summary>
    public bool AllowIdentityOverride { get; set; }

    /// <summary>
    /// When true (the default), a ServiceAccount is used only by the DelegatedCredentials its
    /// <c>credentials.delegated.dev/allowed-credentials</c> annotation names (docs/security.md). Turn it off only on clusters
    /// that rely on the shipped admission policy alone.
    /// </summary>
    public bool RequireServiceAccountConsent { get; set; } = true;

    /// <summary>
    /// When false (the default), no ServiceAccount token is minted for an audience of the Kubernetes API server
    /// (Credentials/Identity/Kubernetes/ApiServerAudiences: its defaults and <see cref="ApiServerAudiences"/>): such a token
    /// would act as the ServiceAccount in the cluster. An empty audience is refused regardless.
    /// </summary>
    public bool AllowApiServerAudiences { get; set; }

    /// <summary>
    /// Audiences the API server accepts beyond the built-in in-cluster names (its <c>--api-audiences</c>, e.g. the OIDC
    /// issuer URL on EKS or GKE); refused in addition to them. Empty by default.
    /// </summary>
    public List<string> ApiServerAudiences { get; set; } = [];

    public KubernetesConnectionOptions Kubernetes { get; set; } = new();

    /// <summary>The Lease that decides which replica reconciles (the runtime's options, bound here).</summary>
    public LeaderElectionOptions LeaderElection { get; set; } = new() { LeaseName = "delegated-credentials-operator" };

    /// <summary>
    /// Several replicas splitting the credentials by namespace, each shard held through its own Lease
    /// (<c>{LeaderElection:LeaseName}-shard-{i}</c>, timed by LeaderElection's durations); off with one shard (the default).
    /// </summary>
    public ShardingOptions Sharding { get; set; } = new();

    public HttpEndpointOptions Http { get; set; } = new();

    public LoggingOptions Logging { get; set; } = new();

    public AwsOptions Aws { get; set; } = new();

    /// <summary>Google STS and IAM Credentials endpoints (overrides for private endpoints and tests).</summary>
    public GcpOptions Gcp { get; set; } = new();

    /// <summary>Entra ID (Azure workload identity): the authority host override.</summary>
    public AzureOptions Azure { get; set; } = new();

    public ExchangeRateOptions ExchangeRate { get; set; } = new();

    /// <summary>Which Events a routine refresh records (docs/behaviour.md §9); none by default.</summary>
    public CredentialEventOptions Events { get; set; } = new();

    /// <summary>Retry schedules and lifetime floors (docs/behaviour.md §3).</summary>
    public RetryPolicy Retry { get; set; } = new();

    /// <summary>How the operator talks to target services (Datadog, SingleStore, http login endpoints).</summary>
    public TargetHttpOptions Targets { get; set; } = new();

    /// <summary>Where cloud and vendor calls may connect (docs/behaviour.md §7); by default public addresses only.</summary>
    public HostPolicyOptions HostPolicy { get; set; } = new();

    /// <summary>Gives back the managed heap a burst leaves behind (Runtime/Hosting/HeapTrimmer).</summary>
    public HeapTrimOptions HeapTrim { get; set; } = new();

    /// <summary>A PEM bundle of extra certificate authorities to trust for cloud endpoints (private endpoints, tests).</summary>
    public string? TrustedCaBundleFile { get; set; }
}
