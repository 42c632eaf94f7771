using Microsoft.Extensions.Time.Testing;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>
/// The emulator's SigV4 check against the golden vector of docs/protocols.md §1.1 (from the Datadog agent's tests),
/// a signature computed independently of both this code and AWSSDK's signer.
/// </summary>
public sealed class SigV4GoldenVectorTests : IDisposable
{
    private const string GoldenSignature = "3c567cb74f09e429570dae6682df7b08d094e3025394a08df8e92ab225fc2006";
    private static readonly DateTimeOffset s_signedAt = new(2026, 8, 5, 12, 34, 56, TimeSpan.Zero);
    private readonly StsEmulator _sts = new(new FakeTimeProvider(s_signedAt.AddMinutes(3)));

    public SigV4GoldenVectorTests() => _sts.Remember(new IssuedCredential(
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEExampleSessionToken",
        s_signedAt.AddHours(-1), s_signedAt.AddHours(1), "arn:aws:sts::123456789012:assumed-role/dd-reader/op-team-a-app",
        "AROACLKWSDQRAOEXAMPLE:op-team-a-app", "123456789012", "system:serviceaccount:team-a:app"));

    [Fact]
    public void GoldenVector_Verifies()
    {
        var (caller, error) = _sts.VerifyCallerIdentity(Request(GoldenSignature));

        Assert.Null(error);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/dd-reader/op-team-a-app", caller!.Arn);
    }

    [Fact]
    public void GoldenVector_WithOneSignatureDigitChanged_IsRejected()
    {
        var (_, error) = _sts.VerifyCallerIdentity(Request(GoldenSignature[..^1] + "7"));

        Assert.Equal("SignatureDoesNotMatch", error?.Code);
    }

    [Fact]
    public void GoldenVector_WithHeaderNamesInGoCanonicalCaseAndNoContentLength_Verifies()
    {
        var request = Request(GoldenSignature);
        var headers = request.Headers.Where(h => h.Key != "Content-Length")
            .Select(h => h.Key == "x-ddog-org-id" ? new KeyValuePair<string, string>("X-Ddog-Org-Id", h.Value) : h).ToList();

        var (caller, _) = _sts.VerifyCallerIdentity(request with { Headers = headers });

        Assert.NotNull(caller);
    }

    private static SignedRequest Request(string signature) => SignedRequest.Post(new Uri("https://sts.amazonaws.com/"),
    [
        new("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260805/us-east-1/sts/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-ddog-org-id, Signature={signature}"),
        new("Content-Length", "43"),
        new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        new("X-Amz-Date", "20260805T123456Z"),
        new("X-Amz-Security-Token", "FwoGZXIvYXdzEExampleSessionToken"),
        new("host", "sts.amazonaws.com"),
        new("x-ddog-org-id", "11111111-2222-3333-4444-555555555555"),
    ], "Action=GetCallerIdentity&Version=2011-06-15");

    public void Dispose() => _sts.Dispose();
}
