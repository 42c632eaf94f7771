using System.Text.Json;
using k8s;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Harness;
using Testcontainers.K3s;

namespace Operator.E2E;

/// <summary>
/// A real K3s cluster (one per test collection) with the repository's CRDs installed, an STS emulator on the host
/// that trusts the cluster's ServiceAccount issuer, and, once a test asks for it, the real operator host pointed at
/// both through ordinary configuration, exactly as <see cref="OperatorTestbed"/> does for the emulated cluster.
/// Where no Docker engine answers, nothing starts and <see cref="SkipReason"/> says why.
/// </summary>
public sealed class K3sCluster : IAsyncLifetime
{
    public const string Audience = "sts.amazonaws.com";

    /// <summary>Override with E2E_K3S_IMAGE; the CRD's CEL rules need Kubernetes 1.30 or later.</summary>
    public static readonly string Image =
        Environment.GetEnvironmentVariable("E2E_K3S_IMAGE") is { Length: > 0 } image ? image : "rancher/k3s:v1.32.1-k3s1";

    private readonly SemaphoreSlim _operatorStart = new(1, 1);
    private readonly ServiceAccountIssuerRelay _issuer = new();
    private string _directory = "";
    private K3sContainer? _container;
    private CloudHost? _clouds;
    private RunningOperator? _operator;

    /// <summary>Why the tier cannot run here, or null when the cluster is up.</summary>
    public string? SkipReason { get; private set; }

    internal ApiServerClient Client { get; private set; } = null!;

    internal StsEmulator Sts { get; } = new(TimeProvider.System);

    internal CapturedLogs Logs { get; } = new();

    private string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    private string CaBundlePath => Path.Combine(_directory, "cloud-ca.pem");

    public async ValueTask InitializeAsync()
    {
        SkipReason = await DockerAvailability.ProblemAsync();
        if (SkipReason is not null)
        {
            return;
        }

        _directory = Directory.CreateTempSubdirectory("operator-e2e-").FullName;
        _clouds = await CloudHost.StartAsync(Sts, _issuer);
        await File.WriteAllTextAsync(CaBundlePath, _clouds.Authority.CertificatePem);

        // A plain key=value in --kube-apiserver-arg replaces K3s's default (key+= would append a second issuer and
        // keep signing with the default one), so every token K3s mints carries the relay's issuer.
        _container = new K3sBuilder(Image)
            .WithCommand($"--kube-apiserver-arg=service-account-issuer={_issuer.Issuer}")
            .Build();
        await _container.StartAsync();
        await File.WriteAllTextAsync(KubeconfigPath, await _container.GetKubeconfigAsync());
        Client = new ApiServerClient(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
        _issuer.Connect(Client);
        await AssertIssuerAsync();
        Sts.RegisterOidcProvider(_issuer.Issuer, [Audience]);

        await CustomResourceDefinitions.InstallAsync(Client, RepositoryFiles.Path("crds"));
        await EstablishedAsync("delegatedcredentials.credentials.delegated.dev");
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
    /// Starts the real operator host against this cluster once (later calls find it running), configured as
    /// <see cref="OperatorTestbed.OperatorArgs(string, Uri, string, string[])"/> configures it for the emulated cluster.
    /// </summary>
    internal async Task EnsureOperatorAsync()
    {
        await _operatorStart.WaitAsync();
        try
        {
            _operator ??= await RunningOperator.StartAsync(OperatorTestbed.OperatorArgs(KubeconfigPath, _clouds!.BaseAddress, CaBundlePath), Logs);
        }
        finally
        {
            _operatorStart.Release();
        }
    }

    /// <summary>A namespace with a ServiceAccount annotated for IRSA, and an IAM role whose trust policy admits exactly that SA.</summary>
    internal Task<string> AddIrsaServiceAccountAsync(string ns, string serviceAccount, string roleName) =>
        OperatorTestbed.AddIrsaServiceAccountAsync(Client, Sts, _issuer.Issuer, ns, serviceAccount, roleName);

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

    /// <summary>
    /// Fails the fixture early, with a plain message, if K3s ignored the issuer override: every AWS test would
    /// otherwise fail later with an opaque InvalidIdentityToken.
    /// </summary>
    private async Task AssertIssuerAsync()
    {
        using var discovery = JsonDocument.Parse(await Client.GetDocumentAsync(ApiServerClient.IssuerDiscoveryPath));
        var issuer = discovery.RootElement.GetProperty("issuer").GetString();
        if (issuer != _issuer.Issuer.ToString())
        {
            throw new InvalidOperationException($"K3s did not take the ServiceAccount issuer {_issuer.Issuer}; it reports {issuer}.");
        }
    }

    /// <summary>A real API server serves a CRD's resource only once the CRD is Established.</summary>
    private Task EstablishedAsync(string crdName) =>
        Eventually.MatchAsync(() => Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crdName),
            crd => crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            $"CRD {crdName} to be Established", TimeSpan.FromSeconds(60));
}
