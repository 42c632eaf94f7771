using System.Text;

namespace Operator.Testing.KubeApi.Server;

/// <summary>A kubeconfig that kubectl and KubernetesClient accept: one cluster with inline CA data, one token user.</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string caPem, string token)
    {
        var caData = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {caData}
            users:
            - name: emulator
              user:
                token: {token}
            contexts:
            - name: emulator
              context:
                cluster: emulator
                user: emulator
                namespace: default
            current-context: emulator
            preferences: {"{}"}

            """;
    }
}
