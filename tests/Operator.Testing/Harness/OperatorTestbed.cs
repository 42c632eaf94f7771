using k8s;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.EksAuth;
using Operator.Testing.Clouds.Entra;
using Operator.Testing.Clouds.Gcp;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Harness;

/// <summary>
/// An emulated cluster with the CRD installed, an STS that trusts the cluster's ServiceAccount issuer, and the
/// real operator host pointed at both through ordinary configuration (a kubeconfig file, the STS endpoint
/// override, a CA bundle). Every log line of every operator started here is captured.
/// </summary>
/// <remarks>
/// The operator runs as its own ServiceAccount (<see cref="ShippedManifests.OperatorUser"/>) with exactly the shipped
/// RBAC and admission policy (<see cref="ShippedConfig"/>, read from <c>config/</c>): its kubeconfig carries a token for
/// that ServiceAccount, and the emulator authorizes every call by those rules. Tests set things up with
/// <see cref="Client"/>, the cluster admin.
/// </remarks>
internal sealed class OperatorTestbed : IAsyncDisposable
{
    public const string Audience = "sts.amazonaws.com";

    /// <summary>The GCP workload identity pool provider that trusts the cluster's issuer (any ServiceAccount, default audience).</summary>
    public const string GcpWorkloadIdentityProvider = WorkloadIdentityFederationEnvironment.ProviderName;

    /// <summary>The EKS cluster the operator is told it runs in, for EKS Pod Identity (<see cref="EksAuth"/>).</summary>
    public const string EksClusterName = "sandbox";

    /// <summary>The region of <see cref="EksAuth"/>, which the operator signs its EKS Auth calls for.</summary>
    public const string EksRegion = "us-east-1";

    /// <summary>The Entra tenant of the apps <see cref="AddAzureServiceAccountAsync"/> registers.</summary>
    public const string AzureTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /// <summary>
    /// The kustomize directories applied at start: the cluster-wide RBAC, the opt-in restartOnRotation component (the
    /// tests exercise restarts) and the author-permissions admission policy.
    /// </summary>
    public static readonly IReadOnlyList<string> ShippedConfig = ["config/rbac", "config/components/restart-on-rotation", "config/admission"];

    private readonly string _directory;
    private readonly Uri _issuer;
    private readonly List<Func<IEnumerable<string>>> _leakSources = [];

    private OperatorTestbed(KubeApiEmulator kube, CloudHost clouds, StsEmulator sts, string directory, Uri issuer)
    {
        Kube = kube;
        Client = kube.CreateClient();
        Clouds = clouds;
        Sts = sts;
        _directory = directory;
        _issuer = issuer;
    }

    public KubeApiEmulator Kube { get; }

    public Kubernetes Client { get; }

    public CloudHost Clouds { get; }

    public StsEmulator Sts { get; }

    /// <summary>Google STS, with <see cref="GcpWorkloadIdentityProvider"/> trusting the cluster's issuer (served beside AWS STS).</summary>
    public GoogleStsEmulator GoogleSts { get; private set; } = null!;

    /// <summary>Google IAM Credentials (impersonation bindings, ID tokens), served beside AWS STS.</summary>
    public IamCredentialsEmulator IamCredentials { get; private set; } = null!;

    /// <summary>
    /// EKS Auth (Pod Identity) on the same host as STS: <see cref="EksClusterName"/> is registered with this cluster's
    /// issuer, and the operator's own IAM user (<see cref="OperatorAwsUser"/>, in a shared-credentials file passed with
    /// <c>Operator:Aws:PodIdentity:CredentialsFile</c>) may call it.
    /// </summary>
    public EksAuthEmulator EksAuth { get; private set; } = null!;

    /// <summary>The operator's own AWS identity, a long-term key STS knows.</summary>
    public IssuedCredential OperatorAwsUser { get; private set; } = null!;

    public string AwsCredentialsPath => Path.Combine(_directory, "aws-credentials");

    /// <summary>The issuer of the cluster's ServiceAccount tokens.</summary>
    public Uri ServiceAccountIssuer => _issuer;

    /// <summary>Entra ID, on the same host as STS; it trusts the cluster's ServiceAccount issuer through each app's federated credentials.</summary>
    public EntraEmulator Entra { get; private init; } = null!;

    public CapturedLogs Logs { get; } = new();

    public RunningOperator? Operator { get; private set; }

    /// <summary>The operator's kubeconfig: its ServiceAccount's token (the admin's when started with <c>asAdmin</c>).</summary>
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public string CaBundlePath => Path.Combine(_directory, "cloud-ca.pem");

    /// <param name="asAdmin">Give the operator the admin kubeconfig instead of its ServiceAccount's (RBAC and policy still applied).</param>
    /// <param name="configureKube">Adjusts the Kubernetes API emulator before it starts (the fleet benchmark widens its watch window).</param>
    public static async Task<OperatorTestbed> StartAsync(CancellationToken cancellationToken = default, bool asAdmin = false,
        Action<KubeApiEmulatorOptions>? configureKube = null)
    {
        var options = new KubeApiEmulatorOptions();
        configureKube?.Invoke(options);
        var kube = await KubeApiEmulator.StartAsync(options, cancellationToken);
        var sts = new StsEmulator(TimeProvider.System);
        var googleSts = new GoogleStsEmulator(TimeProvider.System);
        var iamCredentials = new IamCredentialsEmulator(googleSts, TimeProvider.System);
        var eksAuth = new EksAuthEmulator(sts, TimeProvider.System, EksRegion);
        var entra = new EntraEmulator(TimeProvider.System);
        var clouds = await CloudHost.StartAsync(sts, googleSts, iamCredentials, eksAuth, entra);
        var issuer = options.Issuer!;
        sts.RegisterOidcProvider(issuer, [Audience], kube.CertificateAuthority);
        entra.TrustIssuerAuthority(kube.CertificateAuthority);
        googleSts.AddProvider(new WorkloadIdentityPoolProvider(GcpWorkloadIdentityProvider, issuer, [], ["system:serviceaccount:*"]), kube.CertificateAuthority);
        var directory = Directory.CreateTempSubdirectory("operator-testbed-").FullName;
        var testbed = new OperatorTestbed(kube, clouds, sts, directory, issuer) { Entra = entra, GoogleSts = googleSts, IamCredentials = iamCredentials, EksAuth = eksAuth, OperatorAwsUser = sts.AddUser("delegated-credentials-operator") };
        eksAuth.AddCluster(EksClusterName, issuer);
        eksAuth.AllowCaller(testbed.OperatorAwsUser.AssumedRoleArn);
        await File.WriteAllTextAsync(testbed.AwsCredentialsPath,
            $"[default]\naws_access_key_id = {testbed.OperatorAwsUser.AccessKeyId}\naws_secret_access_key = {testbed.OperatorAwsUser.SecretAccessKey}\n",
            cancellationToken);
        await File.WriteAllTextAsync(testbed.CaBundlePath, clouds.Authority.CertificatePem, cancellationToken);
        await CustomResourceDefinitions.InstallAsync(testbed.Client, RepositoryFiles.Path("crds"), cancellationToken);
        await testbed.Client.EnsureNamespaceAsync(ShippedManifests.OperatorNamespace, cancellationToken);
        await ShippedManifests.ApplyAsync(testbed.Client, ShippedConfig, cancellationToken);
        if (asAdmin)
        {
            kube.WriteKubeconfig(testbed.KubeconfigPath);
        }
        else
        {
            kube.WriteKubeconfig(testbed.KubeconfigPath,
                kube.CreateServiceAccountToken(ShippedManifests.OperatorNamespace, ShippedManifests.OperatorServiceAccount));
        }
        return testbed;
    }

    /// <summary>
    /// The operator's configuration for this testbed, as a person would pass it on the command line;
    /// <paramref name="extra"/> adds or overrides (<c>--Operator:AllowIdentityOverride=true</c>).
    /// </summary>
    /// <remarks>The Lease lives in the operator's namespace, where the shipped leader-election Role grants it.</remarks>
    public IEnumerable<string> OperatorArgs(params string[] extra) => OperatorArgs(KubeconfigPath, Clouds.BaseAddress, CaBundlePath,
        ["--Operator:LeaderElection:LeaseNamespace=" + ShippedManifests.OperatorNamespace,
         "--Operator:Aws:PodIdentity:ClusterName=" + EksClusterName,
         "--Operator:Aws:PodIdentity:Region=" + EksRegion,
         "--Operator:Aws:PodIdentity:Endpoint=" + Clouds.BaseAddress,
         "--Operator:Aws:PodIdentity:CredentialsFile=" + AwsCredentialsPath,
         "--Operator:Azure:AuthorityHost=" + Clouds.BaseAddress,
         .. extra]);

    /// <summary>The operator's configuration for any cluster (emulated or K3s) and STS, with a CA bundle trusting the cloud emulators.</summary>
    public static IEnumerable<string> OperatorArgs(string kubeconfig, Uri stsEndpoint, string caBundlePath, params string[] extra) =>
    [
        "--kubeconfig", kubeconfig,
        "--Operator:Aws:StsEndpoint=" + stsEndpoint,
        // Google STS and IAM Credentials are served on the same host as AWS STS (their paths differ).
        "--Operator:Gcp:StsEndpoint=" + stsEndpoint,
        "--Operator:Gcp:IamCredentialsEndpoint=" + stsEndpoint,
        "--Operator:TrustedCaBundleFile=" + caBundlePath,
        // The emulators listen on loopback, which the operator's host policy refuses unless told (docs/behaviour.md §7).
        "--Operator:HostPolicy:AllowedHosts:0=127.0.0.1",
        "--Operator:Http:BindAddress=127.0.0.1",
        "--Operator:Http:Port=0",
        "--Operator:Http:HealthPort=0",
        // The tests scrape /metrics without a token; the secure default has its own tests (MetricsAuthorizationTests).
        "--Operator:Http:MetricsAuth=None",
        "--Operator:Workers=2",
        // In a test process the trimmer's full collections would pause everything in it (emulators, tests, other
        // operators) for a heap that is not the operator's own; the fleet benchmark measures it in a process of its own.
        "--Operator:HeapTrim:Enabled=false",
        "--Operator:LeaderElection:LeaseNamespace=kube-system",
        // The tests run on the real clock with lifetimes of seconds: the retry floors and cadences shrink with them.
        "--Operator:Retry:Floor=00:00:00.5",
        "--Operator:Retry:ExpiredCadence=00:00:02",
        "--Operator:Retry:MinLifetime=00:00:00",
        "--Operator:Retry:MinRefreshInterval=00:00:01",
        "--human-logs",
        .. extra,
    ];

    public async Task<RunningOperator> StartOperatorAsync(params string[] extra)
    {
        if (Operator is not null)
        {
            throw new InvalidOperationException("An operator is already running; stop it first.");
        }

        Operator = await RunningOperator.StartAsync(OperatorArgs(extra), Logs);
        return Operator;
    }

    public async Task StopOperatorAsync()
    {
        if (Operator is { } running)
        {
            Operator = null;
            await running.DisposeAsync();
        }
    }

    /// <summary>
    /// A namespace with a ServiceAccount annotated for IRSA (consenting to <paramref name="allowedCredentials"/>, none when
    /// null), and an IAM role whose trust policy admits exactly that SA.
    /// </summary>
    public Task<string> AddIrsaServiceAccountAsync(string ns, string serviceAccount, string roleName, string? allowedCredentials = "*") =>
        AddIrsaServiceAccountAsync(Client, Sts, _issuer, ns, serviceAccount, roleName, allowedCredentials);

    /// <summary>The same on any cluster (emulated or K3s) whose ServiceAccount tokens <paramref name="issuer"/> signs.</summary>
    public static async Task<string> AddIrsaServiceAccountAsync(IKubernetes client, StsEmulator sts, Uri issuer, string ns, string serviceAccount,
        string roleName, string? allowedCredentials = "*")
    {
        await client.EnsureNamespaceAsync(ns);
        var roleArn = $"arn:aws:iam::{sts.Account}:role/{roleName}";
        await client.CreateAsync(ServiceAccounts.Irsa(serviceAccount, ns, roleArn, allowedCredentials: allowedCredentials));
        TrustRole(sts, issuer, roleName, ns, serviceAccount);
        return roleArn;
    }

    /// <summary>
    /// A namespace with a ServiceAccount that carries no IRSA annotation (consenting to <paramref name="allowedCredentials"/>)
    /// and an EKS Pod Identity association of it with the role <paramref name="roleName"/>; returns the role's ARN.
    /// </summary>
    public async Task<string> AddPodIdentityServiceAccountAsync(string ns, string serviceAccount, string roleName, string allowedCredentials = "*")
    {
        await Client.EnsureNamespaceAsync(ns);
        var roleArn = $"arn:aws:iam::{Sts.Account}:role/{roleName}";
        await Client.CreateAsync(ServiceAccounts.Consenting(serviceAccount, ns, allowedCredentials));
        EksAuth.Associate(EksClusterName, ns, serviceAccount, roleArn);
        return roleArn;
    }

    /// <summary>Creates or replaces a role trusting one ServiceAccount (12 h sessions allowed).</summary>
    public void TrustRole(string roleName, string ns, string serviceAccount) => TrustRole(Sts, _issuer, roleName, ns, serviceAccount);

    private static void TrustRole(StsEmulator sts, Uri issuer, string roleName, string ns, string serviceAccount) =>
        sts.AddRole(new RoleTrustPolicy($"arn:aws:iam::{sts.Account}:role/{roleName}", issuer,
            [$"system:serviceaccount:{ns}:{serviceAccount}"], [Audience], TimeSpan.FromHours(12)));

    /// <summary>
    /// A namespace with a ServiceAccount annotated for GKE workload identity (<c>iam.gke.io/gcp-service-account</c> =
    /// <paramref name="email"/>, none when null), consenting to <paramref name="allowedCredentials"/>, and, when
    /// <paramref name="bind"/>, an impersonation binding of that ServiceAccount's federated principal on <paramref name="email"/>.
    /// </summary>
    public async Task AddGcpServiceAccountAsync(string ns, string serviceAccount, string? email, string? allowedCredentials = "*", bool bind = true)
    {
        await Client.EnsureNamespaceAsync(ns);
        var annotations = new Dictionary<string, string>();
        if (email is not null)
        {
            annotations["iam.gke.io/gcp-service-account"] = email;
        }

        if (allowedCredentials is not null)
        {
            annotations["credentials.delegated.dev/allowed-credentials"] = allowedCredentials;
        }

        await Client.CreateAsync(ServiceAccounts.ServiceAccount(serviceAccount, ns, annotations));
        if (bind && email is not null)
        {
            BindGcpServiceAccount(email, ns, serviceAccount);
        }
    }

    /// <summary>Lets one ServiceAccount's federated principal impersonate a Google service account.</summary>
    public void BindGcpServiceAccount(string email, string ns, string serviceAccount) =>
        IamCredentials.AllowImpersonation(email, GcpPrincipal(ns, serviceAccount));

    /// <summary>The federated principal of a ServiceAccount in <see cref="GcpWorkloadIdentityProvider"/>'s pool.</summary>
    public static string GcpPrincipal(string ns, string serviceAccount) =>
        new WorkloadIdentityPoolProvider(GcpWorkloadIdentityProvider, new Uri("https://unused.invalid"), [], []).PrincipalOf($"system:serviceaccount:{ns}:{serviceAccount}");

    /// <summary>
    /// A namespace with a ServiceAccount annotated for Azure workload identity (client <paramref name="clientId"/> in
    /// <see cref="AzureTenant"/>, consenting to <paramref name="allowedCredentials"/>), and an Entra app with a federated
    /// identity credential for exactly that SA (the cluster's issuer, audience <c>api://AzureADTokenExchange</c>).
    /// </summary>
    public async Task<EntraApplication> AddAzureServiceAccountAsync(string ns, string serviceAccount, string clientId, string? allowedCredentials = "*",
        string tenant = AzureTenant)
    {
        await Client.EnsureNamespaceAsync(ns);
        await Client.CreateAsync(ServiceAccounts.AzureWorkloadIdentity(serviceAccount, ns, clientId, tenant, allowedCredentials));
        return TrustApp(clientId, ns, serviceAccount, tenant);
    }

    /// <summary>Creates or replaces an Entra app (in <see cref="AzureTenant"/> by default) whose one federated credential names one ServiceAccount.</summary>
    public EntraApplication TrustApp(string clientId, string ns, string serviceAccount, string tenant = AzureTenant) =>
        Entra.AddApplication(new EntraApplication(tenant, clientId, [FederatedIdentityCredential.ForServiceAccount(_issuer, ns, serviceAccount)]));

    public Task EnsureNamespaceAsync(string ns) => Client.EnsureNamespaceAsync(ns);

    /// <summary>Adds values that must never reach a log line, a status or an event, e.g. tokens a vendor emulator issued.</summary>
    public void WatchForLeaks(Func<IEnumerable<string>> secrets) => _leakSources.Add(secrets);

    /// <summary>Every secret issued so far: STS secret keys and session tokens, and whatever <see cref="WatchForLeaks"/> added.</summary>
    public IReadOnlyList<string> IssuedSecrets() =>
        [.. SecretLeaks.IssuedBy(Sts), .. GoogleSts.Issued.Select(t => t.AccessToken), .. IamCredentials.Issued.Select(t => t.AccessToken),
            .. Entra.Issued.Select(t => t.AccessToken),
            .. _leakSources.SelectMany(source => source())];

    /// <summary>Captured log lines holding a secret (<see cref="SecretLeaks"/>); empty is the only good answer.</summary>
    public IReadOnlyList<string> LogLinesWithSecrets() => SecretLeaks.In(Logs.Lines, IssuedSecrets());

    public async ValueTask DisposeAsync()
    {
        await StopOperatorAsync();

        // For debugging a failed run: OPERATOR_TESTBED_LOGS=DIR keeps each testbed's captured log in DIR.
        if (Environment.GetEnvironmentVariable("OPERATOR_TESTBED_LOGS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            await File.WriteAllLinesAsync(Path.Combine(keep, Path.GetFileName(_directory) + ".log"), Logs.Lines);
        }

        await Clouds.DisposeAsync();
        Sts.Dispose();
        GoogleSts.Dispose();
        IamCredentials.Dispose();
        Entra.Dispose();
        Client.Dispose();
        await Kube.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
