namespace Operator.Testing.KubeApi;

/// <summary>Knobs of <see cref="KubeApiEmulator"/>; the defaults behave like a small, healthy cluster.</summary>
public sealed class KubeApiEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Clock for creationTimestamp, deletionTimestamp, watch deadlines and bookmarks.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How many store events are kept for watches and continue tokens; a watch or continue token older than
    /// the window gets 410 Expired (real servers: ~5 minutes of the watch cache).
    /// </summary>
    public int WatchHistoryWindow { get; set; } = 10_000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (real: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wait, on <see cref="TimeProvider"/>, before each background pass of garbage collection, namespace and CRD cleanup.
    /// Zero (default) runs a pass right after the writes that call for it, still asynchronously; a positive value
    /// with a fake clock runs only when the clock is advanced.
    /// </summary>
    public TimeSpan GarbageCollectionDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Namespaces created at start, each with ServiceAccount <c>default</c>.</summary>
    public IList<string> Namespaces { get; } = ["default", "kube-system"];

    /// <summary>The bearer token every request must carry; a random one when null.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Service-account token issuer (`iss`); null means the emulator's own https base URL.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>
    /// Extra service registrations applied after the built-in ones (e.g. another IRequestBodyDecoder or an
    /// IResponseShaper) — for emulator extensions and their tests; the built-in extensions register in EmulatorHost.
    /// </summary>
    internal Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }
}
