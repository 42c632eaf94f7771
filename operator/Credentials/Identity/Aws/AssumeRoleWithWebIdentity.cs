using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Operator.Credentials.CloudHttp;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// Exchanges a ServiceAccount token for temporary AWS credentials with STS AssumeRoleWithWebIdentity
/// (docs/protocols.md §3.1). The call is unsigned (the token is the proof). Errors come back as a
/// <see cref="AssumeRoleResult"/>: a refusal of the identity is <see cref="CredentialReasons.IdentityDenied"/>,
/// anything else <see cref="CredentialReasons.ExchangeFailed"/>.
/// </summary>
internal sealed class AssumeRoleWithWebIdentity(AwsStsOptions options) : IDisposable
{

    private static readonly HashSet<string> s_identityRefusals = new(StringComparer.Ordinal)
    {
        "InvalidIdentityToken", "AccessDenied", "IDPRejectedClaim", "ExpiredTokenException", "ExpiredToken",
    };

    private readonly ConcurrentDictionary<string, Lazy<AmazonSecurityTokenServiceClient>> _clients = new(StringComparer.Ordinal);
    private readonly HandlerHttpClientFactory? _httpClientFactory =
        options.CreateHttpHandler is { } createHandler ? new HandlerHttpClientFactory(createHandler) : null;

    /// <param name="requestedLifetime">
    /// Sent as DurationSeconds, clamped to STS's 900–43200 s. STS may still grant less; the result's expiration
    /// is what counts.
    /// </param>
    public async Task<AssumeRoleResult> ExchangeAsync(RoleArn roleArn, string sessionName, string webIdentityToken,
        TimeSpan requestedLifetime, string? region, CancellationToken cancellationToken)
    {
        var request = new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = roleArn.ToString(),
            RoleSessionName = sessionName,
            WebIdentityToken = webIdentityToken,
            DurationSeconds = (int)Math.Clamp(requestedLifetime.TotalSeconds, 900, 43200),
        };
        var client = ClientFor(region);
        // The SDK's Timeout bounds the wait for headers only when it builds its own HttpClient; this deadline covers
        // the whole call, reading and unmarshalling the body included (the size of the body is capped by the handler).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            var response = await client.AssumeRoleWithWebIdentityAsync(request, deadline.Token);
            if (response.Credentials is not { Expiration: { } expires } c || string.IsNullOrEmpty(c.AccessKeyId)
                || string.IsNullOrEmpty(c.SecretAccessKey) || string.IsNullOrEmpty(c.SessionToken)
                || response.AssumedRoleUser?.Arn is not { Length: > 0 } arn)
            {
                // A 2xx that is not what STS answers (a proxy's page, a truncated reply): garbage, retried.
                return AssumeRoleResult.Failed(CredentialReasons.ExchangeFailed,
                    $"STS at {EndpointFor(region)} answered AssumeRoleWithWebIdentity for {roleArn} without credentials or an assumed-role ARN.");
            }

            return AssumeRoleResult.Success(new AwsSessionCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, AsUtc(expires)), arn);
        }
        catch (Exception e) when (HostPolicyException.Find(e) is { } refused)
        {
            // The SDK wraps what the handler threw; only the policy's own words are kept.
            return AssumeRoleResult.RefusedByHostPolicy(
                $"STS AssumeRoleWithWebIdentity at {EndpointFor(region)} for {roleArn} was {refused.Message}.");
        }
        catch (AmazonServiceException e) when (!string.IsNullOrEmpty(e.ErrorCode) && e is not AmazonUnmarshallingException)
        {
            // STS's own error message (its words, not the request's), redacted all the same.
            var reason = s_identityRefusals.Contains(e.ErrorCode) ? CredentialReasons.IdentityDenied : CredentialReasons.ExchangeFailed;
            return AssumeRoleResult.Failed(reason,
                $"STS refused AssumeRoleWithWebIdentity for {roleArn}: {e.ErrorCode} (HTTP {(int)e.StatusCode}): {SecretRedaction.Redact(e.Message)}",
                e.ErrorCode);
        }
        catch (AmazonServiceException e)
        {
            // No STS error document (a proxy's page, an unreadable answer): the SDK's message quotes the body, which is not
            // STS's own text and may echo what was sent, so only the status is kept (docs/behaviour.md §7).
            return AssumeRoleResult.Failed(CredentialReasons.ExchangeFailed,
                $"STS at {EndpointFor(region)} answered AssumeRoleWithWebIdentity for {roleArn} with HTTP {(int)e.StatusCode} and no STS error code.");
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException
            or IOException or TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return AssumeRoleResult.Failed(CredentialReasons.ExchangeFailed,
                $"Could not call STS AssumeRoleWithWebIdentity at {EndpointFor(region)} for {roleArn}: {SecretRedaction.Redact(e)}");
        }
    }

    // The SDK has returned local-kind times in some versions; an unspecified kind is STS's UTC ("...Z").
    private static DateTimeOffset AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    /// <summary>The endpoint a region's calls go to, for messages.</summary>
    public string EndpointFor(string? region) =>
        options.ServiceUrl?.ToString() ?? StsEndpoint.For(region).Url;

    private AmazonSecurityTokenServiceClient ClientFor(string? region) =>
        _clients.GetOrAdd(region ?? string.Empty, key => new Lazy<AmazonSecurityTokenServiceClient>(() => CreateClient(key))).Value;

    private AmazonSecurityTokenServiceClient CreateClient(string region)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            // Retrying belongs to the reconciler, whose backoff knows how long the current credential lasts.
            MaxErrorRetry = 0,
            Timeout = options.Timeout,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region.Length > 0 ? region : "us-east-1";
        }
        else if (region.Length > 0)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = StsEndpoint.Global.Url;
            config.AuthenticationRegion = "us-east-1";
        }

        if (_httpClientFactory is not null)
        {
            config.HttpClientFactory = _httpClientFactory;
        }

        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _httpClientFactory?.Dispose();
    }
}
