namespace Operator.Testing.Clouds.Sts;

/// <summary>An STS error as AWS returns it: HTTP status, error code and message (docs/protocols.md §3.1).</summary>
internal sealed record StsError(int StatusCode, string Code, string Message)
{
    public static StsError InvalidIdentityToken(string message) => new(400, "InvalidIdentityToken", message);

    public static StsError ExpiredTokenException(string message) => new(400, "ExpiredTokenException", message);

    public static StsError IdpCommunicationError(string message) => new(400, "IDPCommunicationError", message);

    public static StsError IdpRejectedClaim(string message) => new(403, "IDPRejectedClaim", message);

    public static StsError AccessDenied(string message) => new(403, "AccessDenied", message);

    public static StsError ValidationError(string message) => new(400, "ValidationError", message);

    public static StsError InvalidAction(string message) => new(400, "InvalidAction", message);

    public static StsError Throttling() => new(400, "Throttling", "Rate exceeded");

    public static StsError InvalidClientTokenId() =>
        new(403, "InvalidClientTokenId", "The security token included in the request is invalid.");

    public static StsError ExpiredToken() => new(403, "ExpiredToken", "The security token included in the request is expired");

    public static StsError SignatureDoesNotMatch(string message) => new(403, "SignatureDoesNotMatch", message);

    public static StsError IncompleteSignature(string message) => new(400, "IncompleteSignature", message);

    public static StsError MissingAuthenticationToken() =>
        new(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
}
