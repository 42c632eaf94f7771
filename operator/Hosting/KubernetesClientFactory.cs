using k8s;
using Operator.Runtime;

namespace Operator.Hosting;

/// <summary>
/// Chooses how to reach the API server, explicitly. KubernetesClient's <c>BuildDefaultConfig()</c> falls back to
/// <c>http://localhost:8080</c> without a word when nothing is found; an operator that silently talks to
/// the wrong place is worse than one that refuses to start, so this never falls back.
/// </summary>
internal static class KubernetesClientFactory
{
    public static KubernetesClientConfiguration CreateConfiguration(KubernetesConnectionOptions options)
    {
        var configuration = Connect(options);

        // Every request body and answer is read and written through the operator's JSON context alone, in every build
        // (Runtime/OperatorJsonContext.cs): the native build has no other.
        configuration.AddJsonOptions(OperatorJsonContext.UseAlone);
        return configuration;
    }

    private static KubernetesClientConfiguration Connect(KubernetesConnectionOptions options)
    {
        if (options.InCluster)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new InvalidOperationException(
                    "Operator:Kubernetes:InCluster is set, but this process does not run in a pod " +
                    "(no KUBERNETES_SERVICE_HOST or service-account token). Use a kubeconfig instead.");
            }

            return KubernetesClientConfiguration.InClusterConfig();
        }

        var path = KubeconfigPath(options);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No kubeconfig at '{path}'. Set Operator:Kubernetes:Kubeconfig (or --kubeconfig FILE), " +
                "or run in a pod with --in-cluster (Operator:Kubernetes:InCluster=true).");
        }

        try
        {
            // Read by our own reader, not the library's: see KubeconfigReader for why.
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigReader.Read(path), options.Context);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException
            or YamlDotNet.Core.YamlException or UriFormatException)
        {
            // The library's message says what is wrong (no such context, bad YAML at line N), not in which file.
            throw new InvalidOperationException($"Cannot use the kubeconfig '{path}': {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    private static string KubeconfigPath(KubernetesConnectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            return options.Kubeconfig;
        }

        // Like kubectl, the first entry of $KUBECONFIG wins; merging several files is not supported here.
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
