namespace Operator.Runtime;

/// <summary>How an informer lists and watches. The defaults follow client-go's reflector and kube-rs.</summary>
internal sealed record InformerOptions
{
    /// <summary>Only objects matching this selector are cached (e.g. Secrets carrying the operator's label).</summary>
    public string? LabelSelector { get; init; }

    public int PageSize { get; init; } = 500;

    /// <summary>The server ends each watch after a random timeout in this range, so reconnects spread out.</summary>
    public int MinWatchTimeoutSeconds { get; init; } = 300;

    public int MaxWatchTimeoutSeconds { get; init; } = 600;

    /// <summary>Beyond the server timeout, how long the client waits before giving up on a silent watch.</summary>
    public TimeSpan IdleGrace { get; init; } = TimeSpan.FromSeconds(30);

    public Backoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30));

    /// <summary>After this long without failing, the next failure starts again from the initial backoff.</summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromSeconds(120);
}
