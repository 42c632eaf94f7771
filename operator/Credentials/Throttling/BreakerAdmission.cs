namespace Operator.Credentials.Throttling;

/// <param name="Admitted">Whether the caller may call the endpoint now.</param>
/// <param name="NextProbeAt">When refused: when the endpoint will next be tried.</param>
internal readonly record struct BreakerAdmission(bool Admitted, DateTimeOffset? NextProbeAt);
