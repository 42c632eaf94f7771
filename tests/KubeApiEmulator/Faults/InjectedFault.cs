namespace Operator.Testing.KubeApi.Faults;

/// <summary>One request answered by a fault rule: when (wall clock), its verb and resource (plural), and what it got.</summary>
/// <param name="StatusCode">The rule's status code; meaningful for <see cref="FaultKind.Error"/> only.</param>
public sealed record InjectedFault(DateTimeOffset At, string Verb, string Resource, FaultKind Kind, int StatusCode);
