using k8s;
using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>
/// One emulator per kubectl test class, with a temp kubeconfig, the repository's CRDs applied by kubectl and
/// its samples applied after them (namespace `sre-arena` pre-created for the sample that lives there).
/// </summary>
public sealed class KubectlCluster : IAsyncLifetime
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"kubectl-tests-{Guid.NewGuid():N}.yaml");

    public KubeApiEmulator Emulator { get; private set; } = null!;

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Null when kubectl is not on PATH; tests skip then.</summary>
    public Kubectl? Kubectl { get; private set; }

    public IKubernetes Client { get; private set; } = null!;

    public KubectlResult? CrdApply { get; private set; }

    public KubectlResult? SampleApply { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var options = new KubeApiEmulatorOptions();
        options.Namespaces.Add("sre-arena");
        Emulator = await KubeApiEmulator.StartAsync(options);
        Emulator.WriteKubeconfig(_kubeconfig);
        Client = Emulator.CreateClient();
        if (Kubectl.FindOnPath() is not { } executable)
        {
            return;
        }

        Kubectl = new Kubectl(executable, _kubeconfig);
        CrdApply = await Kubectl.RunAsync("apply", "-f", Path.Combine(RepositoryRoot, "crds", "delegatedcredentials.credentials.delegated.dev.yaml"));
        await Kubectl.RunAsync("wait", "--for=condition=Established", "crd/delegatedcredentials.credentials.delegated.dev", "--timeout=15s");
        SampleApply = await Kubectl.RunAsync("apply", "-f", Path.Combine(RepositoryRoot, "samples"));
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        File.Delete(_kubeconfig);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}
