using DotNet.Testcontainers.Configurations;

namespace Operator.E2E;

/// <summary>
/// Whether a Docker engine answers, asked the way Testcontainers itself resolves one (DOCKER_HOST,
/// ~/.testcontainers.properties, the local socket or pipe, Docker Desktop), so the tier runs exactly where
/// Testcontainers could start K3s.
/// </summary>
internal static class DockerAvailability
{
    // Testcontainers pings each candidate endpoint without a deadline; an unreachable DOCKER_HOST would otherwise
    // hang the run for the HTTP client's default 100 s before every test is reported skipped anyway.
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    /// <summary>Null when Docker answers; otherwise why the K3s tier cannot run here.</summary>
    public static async Task<string?> ProblemAsync()
    {
        try
        {
            var endpoint = await Task.Run(() => TestcontainersSettings.OS.DockerEndpointAuthConfig).WaitAsync(s_deadline);
            return endpoint is null
                ? "K3s tier skipped: no Docker engine answers here (Testcontainers found no reachable endpoint via DOCKER_HOST, "
                    + "~/.testcontainers.properties or the local Docker socket). Run it where `docker info` succeeds."
                : null;
        }
        catch (TimeoutException)
        {
            return $"K3s tier skipped: the Docker endpoint did not answer a ping within {s_deadline.TotalSeconds:0} s.";
        }
        catch (Exception e)
        {
            return $"K3s tier skipped: Testcontainers could not resolve a Docker endpoint ({e.GetType().Name}: {e.Message}).";
        }
    }
}
