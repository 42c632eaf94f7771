namespace Operator.Runtime;

/// <summary>The Lease that decides which replica reconciles. Durations default to controller-runtime's.</summary>
internal sealed class LeaderElectionOptions
{
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "operator-leader";

    /// <summary>The operator's own namespace; empty means the client's (in-cluster) namespace, then POD_NAMESPACE.</summary>
    public string? LeaseNamespace { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the lease up on a graceful stop so a standby takes over at once (client-go's ReleaseOnCancel).</summary>
    public bool ReleaseOnShutdown { get; set; } = true;

    /// <summary>Unique per process: POD_NAME (or the machine name) plus a GUID, so a restarted pod is a new holder.</summary>
    public string Identity { get; set; } =
        $"{Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            yield return $"{section}:LeaseName must be set when leader election is enabled.";
        }

        // The same ordering client-go enforces: a leader must give up before its lease can be taken.
        if (!(LeaseDuration > RenewDeadline && RenewDeadline > RetryPeriod && RetryPeriod > TimeSpan.Zero))
        {
            yield return $"{section} needs LeaseDuration > RenewDeadline > RetryPeriod > 0.";
        }
    }
}
