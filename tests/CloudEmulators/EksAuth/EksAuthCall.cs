namespace Operator.Testing.Clouds.EksAuth;

/// <summary>One request the emulator received: when, for which cluster, and the status it got.</summary>
internal sealed record EksAuthCall(DateTimeOffset At, string? ClusterName, int StatusCode);
