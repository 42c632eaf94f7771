using Operator.Credentials;

namespace Operator.Tests.Credentials;

public sealed class SecretRedactionTests
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUiLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YTpiIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtYW5kLW1vcmU";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQDx3+example+session+token+that+is+long+enough+to+matter+AbCdEf0123456789==";
    private const string Signature = "3c567cb74f09e429570dae6682df7b08d094e3025394a08df8e92ab225fc2006";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "a JWT in free text", $"token {Jwt} was rejected", Jwt },
        { "a JWT in a JSON body", $$"""{"token":"{{Jwt}}","expires":1}""", Jwt },
        { "an AWS secret key alone", $"secret {SecretKey} leaked", SecretKey },
        { "a shared-credentials line", $"aws_secret_access_key = {SecretKey}", SecretKey },
        { "a session token in XML", $"<Credentials><SessionToken>{SessionToken}</SessionToken></Credentials>", SessionToken },
        { "a secret key in XML", $"<SecretAccessKey>{SecretKey}</SecretAccessKey>", SecretKey },
        { "a session token header", $"X-Amz-Security-Token: {SessionToken}", SessionToken },
        { "a SigV4 Authorization header", $"Authorization: AWS4-HMAC-SHA256 Credential=ASIAX/20260805/us-east-1/sts/aws4_request, SignedHeaders=host, Signature={Signature}", Signature },
        { "a SigV4 signature alone", $"Signature={Signature}", Signature },
        { "a bearer token", "Authorization header was Bearer abcdefghijklmnop.qrstuv", "abcdefghijklmnop.qrstuv" },
        { "a Datadog delegated proof", "sent Delegated QWN0aW9uPUdldENhbGxlcklkZW50aXR5|e30=|POST|aHR0cHM6Ly9zdHM=", "QWN0aW9uPUdldENhbGxlcklkZW50aXR5" },
        { "an Authorization value in JSON", """{"Authorization":["AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=00"]}""", "Credential=AKIA" },
        { "an access_token field", """{"access_token":"opaque-vendor-token-123"}""", "opaque-vendor-token-123" },
        { "an api key field", "api_key=sk_live_abc123", "sk_live_abc123" },
        { "a replayed header map", $$"""{"X-Amz-Security-Token":["{{SessionToken}}"],"host":["sts.amazonaws.com"]}""", SessionToken },
        { "a Datadog application key (40 hex)", "invalid app key 3f2a9c1b7e8d4f6a0b5c2e9d1a7f3b8c4e6d0a2f for org", "3f2a9c1b7e8d4f6a0b5c2e9d1a7f3b8c4e6d0a2f" },
        { "a Datadog API key (32 hex) in JSON", """{"errors":["bad key 0123456789abcdef0123456789ABCDEF"]}""", "0123456789abcdef0123456789ABCDEF" },
        { "a Google access token", "token ya29.a0AfH6SMBx-example_token.with.dots was rejected", "ya29.a0AfH6SMBx-example_token.with.dots" },
        { "a short JWT", "got eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln back", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln" },
        { "a short session token in a header map", """{"X-Amz-Security-Token":["FwoGZXIvYXdzEExampleSessionToken"]}""", "FwoGZXIvYXdzEExampleSessionToken" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Redact_RemovesTheSecret(string because, string text, string secret)
    {
        var redacted = SecretRedaction.Redact(text);

        Assert.False(redacted.Contains(secret, StringComparison.Ordinal), $"{because}: {redacted}");
        Assert.Contains(SecretRedaction.Redacted, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("STS refused AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role/dd-reader: AccessDenied (HTTP 403): Not authorized to perform sts:AssumeRoleWithWebIdentity")]
    [InlineData("assumed arn:aws:sts::123456789012:assumed-role/dd-reader/team-a.app until 2026-08-05T13:34:56.0000000+00:00")]
    [InlineData("The security token included in the request is invalid.")]
    [InlineData("access key ASIAIOSFODNN7EXAMPLE expired")]
    public void Redact_LeavesOrdinaryMessagesAlone(string text)
    {
        Assert.Equal(text, SecretRedaction.Redact(text));
    }

    [Fact]
    public void Redact_Exception_CoversInnerExceptionsAndDropsNothingElse()
    {
        var exception = new InvalidOperationException("exchange failed", new HttpRequestException($"body: <SecretAccessKey>{SecretKey}</SecretAccessKey>"));

        var redacted = SecretRedaction.Redact(exception);

        Assert.DoesNotContain(SecretKey, redacted, StringComparison.Ordinal);
        Assert.StartsWith("exchange failed ---> body: ", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_Null_IsEmpty()
    {
        Assert.Equal(string.Empty, SecretRedaction.Redact((string?)null));
    }
}
