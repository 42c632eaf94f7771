using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Harness;
using Testcontainers.K3s;

namespace Operator.E2E;

/// <summary>
/// The real cluster the end-to-end tests run on (one per test run): the cluster of the kubeconfig in
/// <see cref="KubeconfigVariable"/> when it is set (kind, EKS, GKE, AKS, the sandbox's emulated cluster...), else a K3s
/// container started by Testcontainers. Either way the suite applies the repository's CRD and the operator's RBAC
/// (<c>config/rbac</c>), starts an STS emulator on the host that trusts the cluster's ServiceAccount issuer, and, once a
/// test asks for it, runs the real operator host locally as the operator's own ServiceAccount, exactly as
/// <see cref="OperatorTestbed"/> does for the emulated cluster. Without that variable and without Docker, nothing starts
/// and <see cref="SkipReason"/> says why.
/// </summary>
public sealed class E2ECluster : IAsyncLifetime
{
    public const string Audience = "sts.amazonaws.com";

    /// <summary>A kubeconfig file: run against its cluster instead of K3s.</summary>
    public const string KubeconfigVariable = "E2E_KUBECONFIG";

    /// <summary>The context of that kubeconfig to use (default: its current context).</summary>
    public const string ContextVariable = "E2E_CONTEXT";

    /// <summary>Override with E2E_K3S_IMAGE; the CRD's CEL rules need Kubernetes 1.30 or later.</summary>
    public static readonly string Image =
        Environment.GetEnvironmentVariable("E2E_K3S_IMAGE") is { Length: > 0 } image ? image : "rancher/k3s:v1.32.1-k3s1";

    private static readonly string? s_existingKubeconfig =
        Environment.GetEnvironmentVariable(KubeconfigVariable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    private static readonly string? s_existingContext =
        Environment.GetEnvironmentVariable(ContextVariable) is { Length: > 0 } context ? context : null;

    private readonly SemaphoreSlim _operatorStart = new(1, 1);
    private readonly ServiceAccountIssuerRelay _issuer = new();
    private readonly ConcurrentDictionary<string, bool> _namespaces = new(StringComparer.Ordinal);
    // An existing cluster outlives the run and may hold a previous run's namespaces (still terminating): each run's are its own.
    private readonly string _suffix = s_existingKubeconfig is null ? "" : "-" + Guid.NewGuid().ToString("N")[..6];
    private string _directory = "";
    private string _adminKubeconfig = "";
    private K3sContainer? _container;
    private CloudHost? _clouds;
    private RunningOperator? _operator;

    /// <summary>Why the tier cannot run here, or null when the cluster is up.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>True on the cluster of <see cref="KubeconfigVariable"/>, false on K3s.</summary>
    public static bool IsExistingCluster => s_existingKubeconfig is not null;

    internal ApiServerClient Client { get; private set; } = null!;

    internal StsEmulator Sts { get; } = new(TimeProvider.System);

    internal CapturedLogs Logs { get; } = new();

    /// <summary>The issuer of the cluster's ServiceAccount tokens (their <c>iss</c>), which STS trusts.</summary>
    internal Uri ServiceAccountIssuer { get; private set; } = null!;

    private string OperatorKubeconfigPath => Path.Combine(_directory, "operator-kubeconfig");

    private string CaBundlePath => Path.Combine(_directory, "cloud-ca.pem");

    public async ValueTask InitializeAsync()
    {
        if (s_existingKubeconfig is null)
        {
            SkipReason = await DockerAvailability.ProblemAsync();
            if (SkipReason is not null)
            {
                return;
            }
        }
        else if (!File.Exists(s_existingKubeconfig))
        {
            // Asked for explicitly: a wrong path fails the run rather than skipping it.
            throw new InvalidOperationException($"{KubeconfigVariable}={s_existingKubeconfig}: no such file.");
        }

        _directory = Directory.CreateTempSubdirectory("operator-e2e-").FullName;
        _clouds = await CloudHost.StartAsync(Sts, _issuer);
        await File.WriteAllTextAsync(CaBundlePath, _clouds.Authority.CertificatePem);
        if (s_existingKubeconfig is null)
        {
            await StartK3sAsync();
        }
        else
        {
            _adminKubeconfig = s_existingKubeconfig;
            Client = new ApiServerClient(KubernetesClientConfiguration.BuildConfigFromConfigFile(_adminKubeconfig, s_existingContext));
        }

        // STS fetches the issuer's keys through the relay, which reads them from the API server: K3s was started with
        // the relay's URL as its issuer; an existing cluster keeps its own (kind's does not resolve from the host, a
        // cloud's is public but the tests send nothing off this machine but the API calls), so STS is told where its
        // discovery document is published instead.
        ServiceAccountIssuer = await ReadIssuerAsync();
        _issuer.Connect(Client, ServiceAccountIssuer);
        Sts.RegisterOidcProvider(ServiceAccountIssuer, [Audience]);
        if (s_existingKubeconfig is not null)
        {
            Sts.Keys.PublishedAt(ServiceAccountIssuer.ToString(), _issuer.DiscoveryUrl);
        }

        await ClusterApply.CrdsAsync(Client);
        await EstablishedAsync("delegatedcredentials.credentials.delegated.dev");
        await Client.EnsureNamespaceAsync(ShippedManifests.OperatorNamespace);
        await ClusterApply.ManifestsAsync(Client, ["config/rbac"]);
        await WriteOperatorKubeconfigAsync();
    }

    /// <summary>First line of every test: reports the test skipped, with the reason, where the tier cannot run.</summary>
    public void SkipUnlessRunning()
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>
    /// A namespace for a test: <paramref name="name"/> on K3s, <paramref name="name"/> plus this run's suffix on an
    /// existing cluster; created now and deleted when the run ends.
    /// </summary>
    internal async Task<string> NamespaceAsync(string name)
    {
        var ns = name + _suffix;
        _namespaces[ns] = true;
        await Client.EnsureNamespaceAsync(ns);
        return ns;
    }

    /// <summary>
    /// Starts the real operator host against this cluster once (later calls find it running), configured as
    /// <see cref="OperatorTestbed.OperatorArgs(string, Uri, string, string[])"/> configures it for the emulated cluster,
    /// as the operator's ServiceAccount under the shipped RBAC, with its Lease in its own namespace.
    /// </summary>
    internal async Task EnsureOperatorAsync()
    {
        await _operatorStart.WaitAsync();
        try
        {
            _operator ??= await RunningOperator.StartAsync(OperatorTestbed.OperatorArgs(OperatorKubeconfigPath, _clouds!.BaseAddress, CaBundlePath,
                "--Operator:LeaderElection:LeaseNamespace=" + ShippedManifests.OperatorNamespace,
                // A run-specific Lease: on a shared cluster, an operator already installed there keeps its own.
                "--Operator:LeaderElection:LeaseName=delegated-credentials-e2e" + _suffix), Logs);
        }
        finally
        {
            _operatorStart.Release();
        }
    }

    /// <summary>A ServiceAccount annotated for IRSA in <paramref name="ns"/>, and an IAM role whose trust policy admits exactly that SA.</summary>
    internal Task<string> AddIrsaServiceAccountAsync(string ns, string serviceAccount, string roleName) =>
        OperatorTestbed.AddIrsaServiceAccountAsync(Client, Sts, ServiceAccountIssuer, ns, serviceAccount, roleName);

    internal Task EnsureNamespaceAsync(string ns) => Client.EnsureNamespaceAsync(ns);

    public async ValueTask DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        else if (Client is not null)
        {
            // An existing cluster keeps the CRD and RBAC (harmless, and maybe in use); the run's namespaces go.
            foreach (var ns in _namespaces.Keys)
            {
                try
                {
                    await Client.CoreV1.DeleteNamespaceAsync(ns);
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    // already gone
                }
            }
        }

        if (_clouds is not null)
        {
            await _clouds.DisposeAsync();
        }

        Client?.Dispose();
        Sts.Dispose();
        _operatorStart.Dispose();
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartK3sAsync()
    {
        // A plain key=value in --kube-apiserver-arg replaces K3s's default (key+= would append a second issuer and
        // keep signing with the default one), so every token K3s mints carries the relay's issuer.
        _container = new K3sBuilder(Image)
            .WithCommand($"--kube-apiserver-arg=service-account-issuer={_issuer.Issuer}")
            .Build();
        await _container.StartAsync();
        _adminKubeconfig = Path.Combine(_directory, "kubeconfig");
        await File.WriteAllTextAsync(_adminKubeconfig, await _container.GetKubeconfigAsync());
        Client = new ApiServerClient(KubernetesClientConfiguration.BuildConfigFromConfigFile(_adminKubeconfig));
    }

    /// <summary>
    /// The issuer the API server reports. On K3s it must be the relay's: if K3s ignored the override, every AWS test
    /// would otherwise fail later with an opaque InvalidIdentityToken.
    /// </summary>
    private async Task<Uri> ReadIssuerAsync()
    {
        using var discovery = JsonDocument.Parse(await Client.GetDocumentAsync(ApiServerClient.IssuerDiscoveryPath));
        var issuer = discovery.RootElement.GetProperty("issuer").GetString()!;
        if (_container is not null && issuer != _issuer.Issuer.ToString())
        {
            throw new InvalidOperationException($"K3s did not take the ServiceAccount issuer {_issuer.Issuer}; it reports {issuer}.");
        }

        return new Uri(issuer);
    }

    /// <summary>
    /// The admin kubeconfig's cluster (server and CA) with the operator's ServiceAccount token as its only user, so the
    /// operator runs under exactly the RBAC the suite applied.
    /// </summary>
    private async Task WriteOperatorKubeconfigAsync()
    {
        var request = await Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 4 * 3600 } },
            ShippedManifests.OperatorServiceAccount, ShippedManifests.OperatorNamespace);
        var admin = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(_adminKubeconfig));
        var contextName = s_existingContext ?? admin.CurrentContext;
        var context = admin.Contexts.Single(c => c.Name == contextName);
        var cluster = admin.Clusters.Single(c => c.Name == context.ContextDetails.Cluster);
        var config = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = "operator",
            Clusters = [cluster],
            Users = [new User { Name = "operator", UserCredentials = new UserCredentials { Token = request.Status.Token } }],
            Contexts = [new Context { Name = "operator", ContextDetails = new ContextDetails { Cluster = cluster.Name, User = "operator", Namespace = "default" } }],
        };
        await File.WriteAllTextAsync(OperatorKubeconfigPath, KubernetesYaml.Serialize(config));
    }

    /// <summary>A real API server serves a CRD's resource only once the CRD is Established.</summary>
    private Task EstablishedAsync(string crdName) =>
        Eventually.MatchAsync(() => Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crdName),
            crd => crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            $"CRD {crdName} to be Established", TimeSpan.FromSeconds(60));
}
