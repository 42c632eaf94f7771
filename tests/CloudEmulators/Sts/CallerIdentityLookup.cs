using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// What a service that receives raw AWS credentials does with them (SingleStore's verifier, an aws-login endpoint):
/// it calls STS GetCallerIdentity signed with those credentials and takes the answer as the caller's identity.
/// Signed with AWSSDK's public signer, deliberately not the operator's hand-written one, so the two are checked
/// against each other through the STS emulator's verifier.
/// </summary>
internal sealed class CallerIdentityLookup(StsEmulator sts, TimeProvider time)
{
    private static readonly Uri s_global = new("https://sts.amazonaws.com/");

    public (CallerIdentity? Caller, StsError? Error) Lookup(string accessKeyId, string secretAccessKey, string sessionToken)
    {
        const string body = "Action=GetCallerIdentity&Version=2011-06-15";
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = s_global, Content = System.Text.Encoding.UTF8.GetBytes(body) };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        request.Headers["Host"] = s_global.Host;
        var signed = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(accessKeyId, secretAccessKey, sessionToken),
            Region = RegionEndpoint.USEast1,
            Service = "sts",
            SignedAt = time.GetUtcNow().UtcDateTime,
        });
        var headers = request.Headers.Concat(signed.Headers).ToList();
        return sts.VerifyCallerIdentity(SignedRequest.Post(s_global, headers, body));
    }
}
