namespace Operator.Credentials.Targets;

/// <summary>
/// The named HttpClients the vendor targets send through. Each is configured at start with the operator's
/// trusted CAs and <see cref="TargetHttpOptions.Timeout"/>, so one slow vendor cannot hold a worker for long.
/// </summary>
internal static class TargetHttpClients
{
    public const string Datadog = "datadog";
    public const string SingleStore = "singlestore";
    public const string Http = "http";

    public static readonly IReadOnlyList<string> All = [Datadog, SingleStore, Http];
}

/// <summary>How the operator talks to target services (bound from <c>Operator:Targets</c>).</summary>
internal sealed class TargetHttpOptions
{
    /// <summary>How long one exchange request may take before it fails as ExchangeFailed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
