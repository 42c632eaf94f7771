namespace Operator.Credentials.Targets.SingleStore;

/// <summary>
/// Reads <c>{"jwt":"…","expires_at":"…"}</c> (docs/protocols.md §2.1). Production adds <c>expires_at</c> (RFC 3339);
/// the test server does not, so the JWT's own <c>exp</c> claim is the fallback. With neither, the answer is
/// refused rather than given an assumed lifetime.
/// </summary>
internal sealed record SingleStoreJwtResponse(string Jwt, DateTimeOffset ExpiresAt)
{
    public static Attempt<SingleStoreJwtResponse> Read(TokenEndpointReply reply, DateTimeOffset now)
    {
        var jwt = ResponsePath.Text(reply.Body, "jwt");
        if (jwt is null)
        {
            return TokenEndpoint.Malformed("singlestore", reply.StatusCode, "no jwt");
        }

        var expiresAt = ResponsePath.ExpiresAt(reply.Body, "expires_at") ?? JwtExpiry.Read(jwt);
        if (expiresAt is null)
        {
            return TokenEndpoint.Malformed("singlestore", reply.StatusCode, "no expires_at and a jwt without a readable exp claim");
        }

        return expiresAt <= now
            ? TokenEndpoint.Malformed("singlestore", reply.StatusCode, "a jwt that has already expired")
            : new SingleStoreJwtResponse(jwt, expiresAt.Value);
    }

    public override string ToString() => $"SingleStoreJwtResponse {{ ExpiresAt = {ExpiresAt:O} }}";
}
