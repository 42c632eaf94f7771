using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// Turns an http target's JSON answer into Secret data by its response mapping: the token under its key, every
/// extra field under its own, and <c>expiration</c>. Anything the mapping names that the answer lacks is an
/// error: a response without a usable expiry is refused, never given a guessed lifetime.
/// </summary>
internal static class HttpResponseReader
{
    public const string ExpirationKey = "expiration";

    public static Attempt<HttpTokenResponse> Read(HttpResponseMapping mapping, TokenEndpointReply reply, DateTimeOffset now)
    {
        const string service = "http";
        var token = ResponsePath.Text(reply.Body, mapping.TokenPath);
        if (token is null)
        {
            return TokenEndpoint.Malformed(service, reply.StatusCode, $"no token at {mapping.TokenPath}");
        }

        var (expiresAt, failure) = ExpiresAt(mapping, reply, now);
        if (failure is not null)
        {
            return failure;
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [ExpirationKey] = SecretData.Time(expiresAt),
        };
        foreach (var extra in mapping.ExtraKeys ?? [])
        {
            var value = ResponsePath.Text(reply.Body, extra.Path);
            if (value is null)
            {
                return TokenEndpoint.Malformed(service, reply.StatusCode, $"no value at {extra.Path} (for Secret key {extra.Key})");
            }

            data[extra.Key] = SecretData.Text(value);
        }

        // The token goes last so that no extra key can overwrite it.
        data[string.IsNullOrEmpty(mapping.TokenKey) ? HttpResponseMapping.DefaultTokenKey : mapping.TokenKey] = SecretData.Text(token);
        return new HttpTokenResponse(data, expiresAt);
    }

    private static (DateTimeOffset At, ExchangeFailure? Failure) ExpiresAt(HttpResponseMapping mapping, TokenEndpointReply reply, DateTimeOffset now)
    {
        DateTimeOffset? expiresAt;
        string path;
        if (!string.IsNullOrEmpty(mapping.ExpiresAtPath))
        {
            path = mapping.ExpiresAtPath;
            expiresAt = ResponsePath.ExpiresAt(reply.Body, path);
        }
        else if (!string.IsNullOrEmpty(mapping.ExpiresInPath))
        {
            path = mapping.ExpiresInPath;
            expiresAt = now + ResponsePath.ExpiresIn(reply.Body, path);
        }
        else
        {
            return (default, ExchangeFailure.InvalidSpec(
                "spec.target.http.response needs expiresAtPath or expiresInPath: a token whose expiry is unknown cannot be refreshed on time."));
        }

        if (expiresAt is null)
        {
            return (default, TokenEndpoint.Malformed("http", reply.StatusCode, $"no usable expiry at {path}"));
        }

        return expiresAt <= now
            ? (default, TokenEndpoint.Malformed("http", reply.StatusCode, $"an expiry at {path} that has already passed"))
            : (expiresAt.Value, null);
    }
}
