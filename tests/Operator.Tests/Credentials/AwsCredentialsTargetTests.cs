using System.Text;
using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.AwsCredentials;

namespace Operator.Tests.Credentials;

public sealed class AwsCredentialsTargetTests
{
    private static readonly DateTimeOffset s_expiry = new(2026, 11, 23, 13, 0, 0, TimeSpan.Zero);

    private static async Task<IssuedCredential> IssueAsync(string? region)
    {
        var identity = new AwsCloudIdentity("arn:aws:sts::123456789012:assumed-role/app/s",
            new AwsSessionCredentials("ASIAEXAMPLE", "secret-key", "session-token", s_expiry), region);
        var context = new TargetContext(Objects.Credential(), identity, null!, new FakeTimeProvider());
        var attempt = await new AwsCredentialsTarget().IssueAsync(context, TestContext.Current.CancellationToken);
        return attempt.Value!;
    }

    private static string Text(IssuedCredential issued, string key) => Encoding.UTF8.GetString(issued.Data[key]);

    [Fact]
    public async Task IssueAsync_WritesTheEnvironmentKeysAndExpiry()
    {
        var issued = await IssueAsync("us-east-1");

        Assert.Equal(("ASIAEXAMPLE", "secret-key", "session-token", "us-east-1", "2026-11-23T13:00:00Z"),
            (Text(issued, "AWS_ACCESS_KEY_ID"), Text(issued, "AWS_SECRET_ACCESS_KEY"), Text(issued, "AWS_SESSION_TOKEN"),
             Text(issued, "AWS_REGION"), Text(issued, "expiration")));
        Assert.Equal((s_expiry, "arn:aws:sts::123456789012:assumed-role/app/s"), (issued.ExpiresAt, issued.Identity));
    }

    [Fact]
    public async Task IssueAsync_NoRegion_LeavesAwsRegionOut()
    {
        var issued = await IssueAsync(region: null);

        Assert.False(issued.Data.ContainsKey("AWS_REGION"));
    }

    [Fact]
    public async Task IssueAsync_CredentialsFile_HasADefaultProfile()
    {
        var file = Text(await IssueAsync(null), "credentials");

        Assert.StartsWith("[default]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = secret-key\naws_session_token = session-token\n", file, StringComparison.Ordinal);
    }


    [Fact]
    public void IssuedCredential_ToString_ShowsNoSecretValue()
    {
        var issued = Objects.Issued(s_expiry, secretValue: "do-not-print");

        Assert.DoesNotContain("do-not-print", issued.ToString(), StringComparison.Ordinal);
    }

}
