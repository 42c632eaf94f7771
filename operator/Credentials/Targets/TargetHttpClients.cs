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
