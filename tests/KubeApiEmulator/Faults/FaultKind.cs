namespace Operator.Testing.KubeApi.Faults;

/// <summary>What a <see cref="FaultRule"/> does to a matching request (F1–F3).</summary>
public enum FaultKind
{
    /// <summary>An error Status with <see cref="FaultRule.StatusCode"/> (500 InternalError, 503, 504 Timeout...).</summary>
    Error,

    /// <summary>429 in the APF form: plain text `Too many requests, please try again later.` + Retry-After.</summary>
    TooManyRequestsPlain,

    /// <summary>429 as a Status (`TooManyRequests`, details.retryAfterSeconds) + Retry-After.</summary>
    TooManyRequestsStatus,

    /// <summary>410: lists get a 410 Expired Status; watches get HTTP 200 with one ERROR 410 event (W4).</summary>
    Expired,

    /// <summary>Delays the request by <see cref="FaultRule.Latency"/>, then serves it normally.</summary>
    Latency,
}
