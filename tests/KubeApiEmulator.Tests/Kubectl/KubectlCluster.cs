using k8s;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>
/// One emulator per kubectl test class, with a temp kubeconfig, the repository's CRDs applied by kubectl and
/// its samples applied after them (`apply -f crds/`, then `apply -f samples/`) (namespace `sre-arena` pre-created for the sample that lives there).
/// </summary>
public sealed class KubectlCluster : IAsyncLifetime
{
    public const string Collection = "kubectl";
    public const string Group = "credentials.delegated.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = $"{Group}/{Version}";
    public const string Plural = "delegatedcredentials";

    private readonly string _directory = Directory.CreateTempSubdirectory("kubectl-tests-").FullName;

    public KubeApiEmulator Emulator { get; private set; } = null!;

    /// <summary>Null when kubectl is not on PATH; tests skip then.</summary>
    public Kubectl? Kubectl { get; private set; }

    public IKubernetes Client { get; private set; } = null!;

    public KubectlResult? CrdApply { get; private set; }

    public KubectlResult? SampleApply { get; private set; }

    /// <summary>The kubectl runner; skips the calling test when kubectl is not on PATH.</summary>
    public Kubectl Require()
    {
        Assert.SkipUnless(Kubectl is not null, "kubectl is not on PATH");
        return Kubectl;
    }

    public async ValueTask InitializeAsync()
    {
        var options = new KubeApiEmulatorOptions();
        options.Namespaces.Add("sre-arena");
        Emulator = await KubeApiEmulator.StartAsync(options);
        var kubeconfig = Path.Combine(_directory, "kubeconfig.yaml");
        Emulator.WriteKubeconfig(kubeconfig);
        Client = Emulator.CreateClient();
        if (Kubectl.FindOnPath() is not { } executable)
        {
            return;
        }

        Kubectl = new Kubectl(executable, kubeconfig, Path.Combine(_directory, "cache"));
        // `apply -f crds/` reads only .yaml/.yml/.json files; the folder's kustomize file is named `Kustomization`
        // so that `apply -k crds/` works too (ApplyKustomizedCrds_IsUnchanged).
        CrdApply = await Kubectl.RunAsync("apply", "-f", RepositoryFiles.Path("crds"));
        await Kubectl.RunAsync("wait", "--for=condition=Established", "crd/delegatedcredentials.credentials.delegated.dev", "--timeout=15s");
        SampleApply = await Kubectl.RunAsync("apply", "-f", RepositoryFiles.Path("samples"));
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The kubectl test classes share one emulator (and run one after another).</summary>
[CollectionDefinition(KubectlCluster.Collection)]
public sealed class KubectlCollection : ICollectionFixture<KubectlCluster>;
