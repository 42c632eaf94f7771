using System.Text;
using System.Text.Json;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Targets.Datadog;

namespace Operator.Tests.Credentials.Targets;

public sealed class DatadogProofTests
{
    // The golden vector of docs/protocols.md §1.1 (from the Datadog agent's aws_signature_test.go).
    private static readonly AwsSessionCredentials s_golden = new(
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEExampleSessionToken", DateTimeOffset.MaxValue);

    private const string Org = "11111111-2222-3333-4444-555555555555";
    private static readonly DateTimeOffset s_signedAt = new(2026, 8, 5, 12, 34, 56, TimeSpan.Zero);

    [Fact]
    public void Sign_GoldenVector_MatchesTheAgentsSignatureByteForByte()
    {
        var signed = DatadogProof.Sign(s_golden, Org, region: null, s_signedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260805/us-east-1/sts/aws4_request, " +
            "SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-ddog-org-id, " +
            "Signature=3c567cb74f09e429570dae6682df7b08d094e3025394a08df8e92ab225fc2006",
            Header(signed, "Authorization"));
    }

    [Fact]
    public void Create_GoldenVector_HasFourPartsBodyHeadersMethodUrl()
    {
        var parts = DatadogProof.Create(s_golden, Org, null, s_signedAt).Split('|');

        Assert.Equal(4, parts.Length);
        Assert.Equal("QWN0aW9uPUdldENhbGxlcklkZW50aXR5JlZlcnNpb249MjAxMS0wNi0xNQ==", parts[0]);
        Assert.Equal("POST", parts[2]);
        Assert.Equal("aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbQ==", parts[3]);
    }

    [Fact]
    public void Create_HeadersJson_HoldsEverySignedHeaderAuthorizationAndUserAgentAsArrays()
    {
        var headers = DecodedHeaders(DatadogProof.Create(s_golden, Org, null, s_signedAt));

        Assert.Equal(
            ["Authorization", "Content-Length", "Content-Type", "User-Agent", "X-Amz-Date", "X-Amz-Security-Token", "host", "x-ddog-org-id"],
            headers.Keys);
        Assert.Equal(["43"], headers["Content-Length"]);
        Assert.Equal(["application/x-www-form-urlencoded; charset=utf-8"], headers["Content-Type"]);
        Assert.Equal(["sts.amazonaws.com"], headers["host"]);
        Assert.Equal(["20260805T123456Z"], headers["X-Amz-Date"]);
        Assert.Equal(["FwoGZXIvYXdzEExampleSessionToken"], headers["X-Amz-Security-Token"]);
        Assert.Equal([Org], headers["x-ddog-org-id"]);
    }

    [Fact]
    public void Create_WithRegion_UsesTheRegionalHostAndSigningRegion()
    {
        var proof = DatadogProof.Create(s_golden, Org, "eu-west-1", s_signedAt);
        var headers = DecodedHeaders(proof);

        Assert.Equal(["sts.eu-west-1.amazonaws.com"], headers["host"]);
        Assert.Contains("/20260805/eu-west-1/sts/aws4_request,", headers["Authorization"][0], StringComparison.Ordinal);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com", Encoding.UTF8.GetString(Convert.FromBase64String(proof.Split('|')[3])));
    }

    [Fact]
    public void Sign_DifferentOrg_ChangesTheSignature()
    {
        var golden = Header(DatadogProof.Sign(s_golden, Org, null, s_signedAt), "Authorization");
        var other = Header(DatadogProof.Sign(s_golden, "99999999-2222-3333-4444-555555555555", null, s_signedAt), "Authorization");

        Assert.NotEqual(golden, other);
    }

    [Fact]
    public void ToString_OfTheSignedRequest_ShowsNeitherTokenNorSignature()
    {
        var text = DatadogProof.Sign(s_golden, Org, null, s_signedAt).ToString();

        Assert.DoesNotContain("FwoGZXIvYXdzEExampleSessionToken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("3c567cb7", text, StringComparison.Ordinal);
    }

    private static string Header(SignedCallerIdentity request, string name) => request.Headers.Single(h => h.Key == name).Value;

    private static Dictionary<string, string[]> DecodedHeaders(string proof) =>
        JsonSerializer.Deserialize<Dictionary<string, string[]>>(Convert.FromBase64String(proof.Split('|')[1]))!;
}
