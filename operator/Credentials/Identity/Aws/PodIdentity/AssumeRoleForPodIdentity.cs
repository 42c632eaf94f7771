using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity.Aws.PodIdentity;

/// <summary>
/// EKS Auth <c>AssumeRoleForPodIdentity</c> (docs/protocols.md §3.6): the ServiceAccount's token for
/// <c>pods.eks.amazonaws.com</c> is posted for the configured cluster, SigV4-signed (service <c>eks-auth</c>) with the
/// operator's own AWS identity, and the answer is the credentials of the role of the ServiceAccount's association.
/// </summary>
/// <remarks>
/// Hand-written request on purpose: the offline package source has no AWSSDK.EKSAuth, so the one call is built here and
/// signed with AWSSDK.Core's public <see cref="AWSSigV4Signer"/> (which adds and signs <c>x-amz-content-sha256</c>; AWS's
/// own services accept that header, unlike the replayed GetCallerIdentity proofs of <c>CallerIdentitySigner</c>). It is
/// sent through the cloud handlers (host policy, CA bundle, body cap). A refusal's body is never read: the error type
/// comes from the <c>x-amzn-ErrorType</c> header and is shown only when it is one the service model names.
/// </remarks>
internal sealed class AssumeRoleForPodIdentity(PodIdentityOptions options, Func<HttpMessageHandler> createHandler) : IAssumeRoleForPodIdentity, IDisposable
{
    public const string Service = "eks-auth";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // Refusals of this ServiceAccount's identity (its token, its association): IdentityDenied. Everything else,
    // the operator's own signature and permission included, is ExchangeFailed and retried.
    private static readonly HashSet<string> s_identityRefusals = new(StringComparer.Ordinal)
    {
        "InvalidTokenException", "ExpiredTokenException", "ResourceNotFoundException", "AccessDeniedException",
    };

    private static readonly Dictionary<string, string> s_known = new(StringComparer.Ordinal)
    {
        ["AccessDeniedException"] = "the caller (the operator's AWS identity) may not call eks-auth:AssumeRoleForPodIdentity for this cluster, or the association's role does not trust pods.eks.amazonaws.com",
        ["InvalidTokenException"] = "the ServiceAccount token was refused (issuer, signature or audience)",
        ["ExpiredTokenException"] = "a token or the operator's credentials expired",
        ["ResourceNotFoundException"] = "no cluster of that name, or no Pod Identity association for this namespace and ServiceAccount",
        ["InvalidParameterException"] = "a parameter was refused",
        ["InvalidRequestException"] = "the request was refused",
        ["ThrottlingException"] = "throttled",
        ["InternalServerException"] = "an internal error of the service",
        ["ServiceUnavailableException"] = "the service is unavailable",
        ["UnrecognizedClientException"] = "the operator's AWS access key is not recognised",
        ["InvalidSignatureException"] = "the operator's SigV4 signature was refused (secret key, region or clock)",
        ["IncompleteSignatureException"] = "the operator's SigV4 signature was incomplete",
        ["MissingAuthenticationTokenException"] = "the request was not signed",
    };

    private readonly OperatorAwsCredentials _caller = new(options);
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient(createHandler(), disposeHandler: true) { Timeout = s_timeout });

    public PodIdentityOptions Options => options;

    public async Task<Attempt<CloudIdentity>> AssumeAsync(PodIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken)
    {
        var baseAddress = request.EksAuth.AbsoluteUri.EndsWith('/') ? request.EksAuth : new Uri(request.EksAuth.AbsoluteUri + "/");
        var uri = new Uri(baseAddress, $"clusters/{Uri.EscapeDataString(request.ClusterName)}/assume-role-for-pod-identity");
        var where = $"EKS Auth AssumeRoleForPodIdentity at {uri.GetLeftPart(UriPartial.Path)}";
        ImmutableCredentials caller;
        try
        {
            caller = await _caller.GetAsync();
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException or HttpRequestException)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"The operator has no AWS identity to sign {where} with: {SecretRedaction.Redact(e)}");
        }

        using var message = Sign(uri, Encoding.UTF8.GetBytes(new JsonObject { ["token"] = token.Token }.ToJsonString()), caller);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_timeout);
        try
        {
            using var response = await _http.Value.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Refusal(response, where);
            }

            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            if (Parse(body, request.Region) is { } identity)
            {
                return identity;
            }

            // A 2xx that is not what EKS Auth answers (a proxy's page, a truncated reply): garbage, retried.
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{where} answered HTTP {(int)response.StatusCode} without credentials, an assumed role and an association.");
        }
        catch (HttpRequestException e) when (HostPolicyException.Find(e) is { } refused)
        {
            return ExchangeFailure.HostPolicyRefusal($"{where} was {refused.Message}.");
        }
        catch (Exception e) when (e is ResponseTooLargeException || e.InnerException is ResponseTooLargeException)
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed, $"{where} answered with a body over the size cap; it was not read.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                e is OperationCanceledException
                    ? $"{where} did not answer within {s_timeout.TotalSeconds:0} s."
                    : $"Could not call {where}: {SecretRedaction.Redact(e)}");
        }
    }

    private HttpRequestMessage Sign(Uri uri, byte[] body, ImmutableCredentials caller)
    {
        var region = string.IsNullOrEmpty(options.Region) ? "us-east-1" : options.Region;
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = body };
        signing.Headers["Content-Type"] = "application/json";
        signing.Headers["Host"] = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var signed = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = caller.UseToken
                ? new SessionAWSCredentials(caller.AccessKey, caller.SecretKey, caller.Token)
                : new BasicAWSCredentials(caller.AccessKey, caller.SecretKey),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = Service,
            SignPayload = true,
        });
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in signed.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private static ExchangeFailure Refusal(HttpResponseMessage response, string where)
    {
        // "AccessDeniedException" or "AccessDeniedException:http://internal.amazon.com/..." (AWS JSON protocols).
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0].Trim() : null;
        var status = (int)response.StatusCode;
        if (type is null || !s_known.TryGetValue(type, out var meaning))
        {
            return new ExchangeFailure(CredentialReasons.ExchangeFailed, $"{where} refused the exchange: HTTP {status} with no EKS Auth error type.")
            {
                RetryAfter = Targets.TokenEndpoint.RetryAfterOf(response),
            };
        }

        var reason = s_identityRefusals.Contains(type) ? CredentialReasons.IdentityDenied : CredentialReasons.ExchangeFailed;
        return new ExchangeFailure(reason, $"{where} refused the exchange: {type} (HTTP {status}): {meaning}.")
        {
            RetryAfter = Targets.TokenEndpoint.RetryAfterOf(response),
        };
    }

    private static AwsCloudIdentity? Parse(string body, string? region)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject json
                || json["credentials"] is not JsonObject c
                || Text(c["accessKeyId"]) is not { } keyId || Text(c["secretAccessKey"]) is not { } secret
                || Text(c["sessionToken"]) is not { } session || Expiration(c["expiration"]) is not { } expires
                || Text(json["assumedRoleUser"]?["arn"]) is not { } arn
                || Text(json["podIdentityAssociation"]?["associationId"]) is not { } association)
            {
                return null;
            }

            // status.identity: the assumed role and the association that chose it (its id; the ARN adds only the cluster, which is configured).
            return new AwsCloudIdentity($"{arn} (Pod Identity association {association})",
                new AwsSessionCredentials(keyId, secret, session, expires), region);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    // AWS JSON timestamps are epoch seconds (possibly fractional); an ISO 8601 string is accepted too.
    private static DateTimeOffset? Expiration(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)),
        JsonValue v when v.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at.ToUniversalTime(),
        _ => null,
    };

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
