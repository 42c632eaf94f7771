using System.Text;
using System.Text.Json;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Targets.Http;

namespace Operator.Tests.Credentials.Targets;

public sealed class VaultIamLoginProofTests
{
    private static readonly AwsSessionCredentials s_credentials = new("ASIAEXAMPLE", "secret/key", "session-token", DateTimeOffset.MaxValue);
    private static readonly VaultIamLoginFieldNames s_vault = new("iam_http_request_method", "iam_request_url", "iam_request_body", "iam_request_headers");

    [Fact]
    public void Fields_SignedRequest_AreVaultsFourFieldsInBase64()
    {
        var signed = CallerIdentitySigner.Sign(s_credentials, StsEndpoint.Global, [], new DateTimeOffset(2026, 8, 5, 12, 0, 0, TimeSpan.Zero));

        var fields = VaultIamLoginProof.Fields(signed, s_vault);

        Assert.Equal("POST", (string?)fields["iam_http_request_method"]);
        Assert.Equal("aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8=", (string?)fields["iam_request_url"]);
        Assert.Equal("QWN0aW9uPUdldENhbGxlcklkZW50aXR5JlZlcnNpb249MjAxMS0wNi0xNQ==", (string?)fields["iam_request_body"]);
    }

    [Fact]
    public void Fields_ServerIdHeader_IsSignedAndCarried()
    {
        var signed = CallerIdentitySigner.Sign(s_credentials, StsEndpoint.For("us-west-2"),
            [new("X-Vault-AWS-IAM-Server-ID", "vault.example.com")], DateTimeOffset.UnixEpoch.AddYears(56));

        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(
            Convert.FromBase64String((string)VaultIamLoginProof.Fields(signed, s_vault)["iam_request_headers"]!))!;

        Assert.Equal(["vault.example.com"], headers["X-Vault-AWS-IAM-Server-ID"]);
        Assert.Equal(["sts.us-west-2.amazonaws.com"], headers["host"]);
        Assert.Contains("SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-vault-aws-iam-server-id,",
            headers["Authorization"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_CustomNames_AreUsed()
    {
        var signed = CallerIdentitySigner.Sign(s_credentials, StsEndpoint.Global, [], DateTimeOffset.UnixEpoch.AddYears(56));

        var fields = VaultIamLoginProof.Fields(signed, new VaultIamLoginFieldNames("m", "u", "b", "h"));

        Assert.Equal(["b", "h", "m", "u"], fields.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal("https://sts.amazonaws.com/", Encoding.UTF8.GetString(Convert.FromBase64String((string)fields["u"]!)));
    }
}
