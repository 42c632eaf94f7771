using System.Globalization;
using System.Security.Cryptography;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// Checks a SigV4-signed STS request against the credentials the emulator issued, in the order and with the
/// error codes STS uses: malformed header, unknown key or session token (InvalidClientTokenId), request time
/// more than 15 minutes off (SignatureDoesNotMatch "Signature expired"), wrong signature
/// (SignatureDoesNotMatch), then expired credentials (ExpiredToken).
/// </summary>
/// <param name="service">
/// The service the credential scope must name: <c>sts</c>, or another AWS service that verifies callers with the same
/// credential store (the EKS Auth emulator passes <c>eks-auth</c>); for another service the signed host must be the host
/// the request reached.
/// </param>
internal sealed class SigV4Verifier(Func<string, IssuedCredential?> findCredential, TimeProvider time, string service = "sts")
{
    private static readonly TimeSpan s_allowedSkew = TimeSpan.FromMinutes(15);

    public IssuedCredential Verify(SignedRequest request)
    {
        var header = request.FirstValueOf("Authorization") ?? throw new StsErrorException(StsError.MissingAuthenticationToken());
        var authorization = SigV4Authorization.TryParse(header) ?? throw new StsErrorException(StsError.IncompleteSignature(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters with the AWS4-HMAC-SHA256 algorithm."));
        var amzDate = request.FirstValueOf("X-Amz-Date")
            ?? throw new StsErrorException(StsError.IncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        var signedAt = ParseAmzDate(amzDate);
        CheckScope(authorization, amzDate);
        CheckHostAndRegion(request, authorization);
        var credential = findCredential(authorization.AccessKeyId);
        // A long-term key (an IAM user's AKIA…, StsEmulator.AddUser) has no session token and is signed without one.
        var sessionToken = credential?.SessionToken is { Length: > 0 } token ? token : null;
        if (credential is null || request.FirstValueOf("X-Amz-Security-Token") != sessionToken)
        {
            throw new StsErrorException(StsError.InvalidClientTokenId());
        }

        CheckSkew(signedAt);
        var canonical = SigV4CanonicalRequest.Build(request, authorization.SignedHeaders);
        var expected = SigV4CanonicalRequest.Signature(credential.SecretAccessKey, authorization,
            SigV4CanonicalRequest.StringToSign(amzDate, authorization.Scope, canonical));
        if (!CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(authorization.Signature)))
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."));
        }

        if (time.GetUtcNow() >= credential.Expiration)
        {
            throw new StsErrorException(StsError.ExpiredToken());
        }

        return credential;
    }

    private static DateTimeOffset ParseAmzDate(string amzDate) =>
        DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new StsErrorException(StsError.IncompleteSignature($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'."));

    private void CheckScope(SigV4Authorization authorization, string amzDate)
    {
        if (authorization.Service != service)
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch($"Credential should be scoped to correct service: '{service}'."));
        }

        if (!amzDate.StartsWith(authorization.Date, StringComparison.Ordinal))
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch(
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{authorization.Date}' != '{amzDate[..8]}', from '{amzDate}'."));
        }

        if (!authorization.SignedHeaders.Contains("host"))
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch("'Host' must be a 'SignedHeader' in the AWS Authorization."));
        }
    }

    /// <summary>
    /// The signed <c>host</c> names the endpoint the signature was made for; a replaying service (Datadog,
    /// Vault) forwards it. It must be an STS hostname or the host the request actually reached, and when it is
    /// an STS hostname the scope's region must be that endpoint's, as real STS requires.
    /// </summary>
    private void CheckHostAndRegion(SignedRequest request, SigV4Authorization authorization)
    {
        var reached = request.Url.IsDefaultPort ? request.Url.Host : request.Url.Authority;
        var signedHost = request.FirstValueOf("Host") ?? reached;
        if (service != "sts" && !StsHost.Same(signedHost, reached))
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch(
                $"The signed host '{signedHost}' is not the host this request was sent to."));
        }

        if (service != "sts" || !StsHost.TryGetRegion(signedHost, out var region))
        {
            if (!StsHost.Same(signedHost, reached))
            {
                throw new StsErrorException(StsError.SignatureDoesNotMatch(
                    $"The signed host '{signedHost}' is neither an STS endpoint nor the host this request was sent to."));
            }

            return;
        }

        if (!string.Equals(authorization.Region, region, StringComparison.Ordinal))
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch(
                $"Credential should be scoped to a valid region. '{authorization.Region}' is not the region of '{signedHost}' ('{region}')."));
        }
    }

    private void CheckSkew(DateTimeOffset signedAt)
    {
        var now = time.GetUtcNow();
        if (signedAt < now - s_allowedSkew)
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch(
                $"Signature expired: {Basic(signedAt)} is now earlier than {Basic(now - s_allowedSkew)} ({Basic(now)} - 15 min.)"));
        }

        if (signedAt > now + s_allowedSkew)
        {
            throw new StsErrorException(StsError.SignatureDoesNotMatch(
                $"Signature not yet current: {Basic(signedAt)} is still later than {Basic(now + s_allowedSkew)} ({Basic(now)} + 15 min.)"));
        }
    }

    private static string Basic(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
