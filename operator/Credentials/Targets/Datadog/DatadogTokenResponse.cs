namespace Operator.Credentials.Targets.Datadog;

/// <summary>
/// Reads <c>{"data":{"attributes":{"access_token":"…","expires":"1700000000"}}}</c> (docs/protocols.md §1.3).
/// </summary>
/// <remarks>
/// The SDKs assume 15 minutes when <c>expires</c> is missing or unreadable. This target does not guess: a credential
/// whose expiry is unknown cannot be refreshed on time, so such an answer is ExchangeFailed (the conservative
/// reading of an unconfirmed format, docs/protocols.md §7.1). A number is accepted as well as a string of digits.
/// </remarks>
internal sealed record DatadogTokenResponse(string AccessToken, DateTimeOffset ExpiresAt)
{
    public const string AccessTokenPath = "data.attributes.access_token";
    public const string ExpiresPath = "data.attributes.expires";

    public static Attempt<DatadogTokenResponse> Read(TokenEndpointReply reply, DateTimeOffset now)
    {
        var token = ResponsePath.Text(reply.Body, AccessTokenPath);
        if (token is null)
        {
            return TokenEndpoint.Malformed("datadog", reply.StatusCode, $"no {AccessTokenPath}");
        }

        var expires = ResponsePath.ExpiresAt(reply.Body, ExpiresPath);
        if (expires is null)
        {
            return TokenEndpoint.Malformed("datadog", reply.StatusCode, $"no readable {ExpiresPath} (Unix seconds)");
        }

        return expires <= now
            ? TokenEndpoint.Malformed("datadog", reply.StatusCode, "a token that has already expired")
            : new DatadogTokenResponse(token, expires.Value);
    }

    public override string ToString() => $"DatadogTokenResponse {{ ExpiresAt = {ExpiresAt:O} }}";
}
