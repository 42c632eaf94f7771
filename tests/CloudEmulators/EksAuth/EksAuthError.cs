namespace Operator.Testing.Clouds.EksAuth;

/// <summary>
/// An EKS Auth error as the service returns it (docs/protocols.md §3.6): the HTTP status, the error type in the
/// <c>x-amzn-ErrorType</c> header and a JSON body <c>{"message": ...}</c>. The status codes are those of the
/// service model; the messages are the emulator's own words.
/// </summary>
internal sealed record EksAuthError(int StatusCode, string Type, string Message)
{
    public static EksAuthError AccessDenied(string message) => new(400, "AccessDeniedException", message);

    public static EksAuthError InvalidToken(string message) => new(400, "InvalidTokenException", message);

    public static EksAuthError ExpiredToken(string message) => new(400, "ExpiredTokenException", message);

    public static EksAuthError InvalidParameter(string message) => new(400, "InvalidParameterException", message);

    public static EksAuthError InvalidRequest(string message) => new(400, "InvalidRequestException", message);

    public static EksAuthError ResourceNotFound(string message) => new(404, "ResourceNotFoundException", message);

    public static EksAuthError Throttling() => new(429, "ThrottlingException", "Rate exceeded");

    public static EksAuthError ServiceUnavailable() => new(503, "ServiceUnavailableException", "Service unavailable");

    // The errors every AWS JSON service answers for a caller's signature (common to all services, not in the EKS Auth model).
    public static EksAuthError UnrecognizedClient() => new(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static EksAuthError InvalidSignature(string message) => new(403, "InvalidSignatureException", message);

    public static EksAuthError IncompleteSignature(string message) => new(400, "IncompleteSignatureException", message);

    public static EksAuthError MissingAuthenticationToken() => new(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static EksAuthError CallerExpired() => new(403, "ExpiredTokenException", "The security token included in the request is expired");
}
