namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// One token request as the emulator saw it: when, tenant, client id, scope, the answer's status, and the AADSTS code
/// of a refusal (null on success or when a fault answered). No assertion: it is a bearer credential.
/// </summary>
internal sealed record EntraTokenCall(DateTimeOffset At, string Tenant, string? ClientId, string? Scope, int Status, int? ErrorCode);
