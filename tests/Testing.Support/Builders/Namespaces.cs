using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Testing.Support;

/// <summary>Namespaces for tests: created if missing, or fresh for one test.</summary>
public static class Namespaces
{
    private static int s_created;

    /// <summary>Creates the namespace unless it exists.</summary>
    public static async Task EnsureNamespaceAsync(this IKubernetes client, string ns, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>A namespace no other test uses, so tests sharing one cluster do not see each other's objects.</summary>
    public static async Task<string> NewNamespaceAsync(this IKubernetes client, CancellationToken cancellationToken = default)
    {
        var name = $"t{Interlocked.Increment(ref s_created)}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        return name;
    }
}
