namespace Operator.Testing.Clouds.Sts;

/// <summary>The GetCallerIdentity result (docs/protocols.md §3.2): who signed the request.</summary>
internal sealed record CallerIdentity(string Arn, string UserId, string Account);
