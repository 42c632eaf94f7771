using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Targets.AwsCredentials;


namespace Operator.Tests.Credentials.Aws;

public sealed class AwsSharedCredentialsFileTests
{
    private static readonly AwsSessionCredentials s_credentials = new("ASIAEXAMPLE", "secret/key+1", "session-token", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Render_WithoutRegion_IsADefaultProfileWithThreeKeys()
    {
        Assert.Equal(
            "[default]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = secret/key+1\naws_session_token = session-token\n",
            AwsSharedCredentialsFile.Render(s_credentials));
    }

    [Fact]
    public void Render_WithRegion_AddsIt()
    {
        Assert.EndsWith("aws_session_token = session-token\nregion = eu-west-1\n", AwsSharedCredentialsFile.Render(s_credentials, "eu-west-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValueWithLineBreak_IsRefusedWithoutEchoingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => AwsSharedCredentialsFile.Render(s_credentials with { SessionToken = "tok\n[evil]" }));

        Assert.DoesNotContain("tok", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsToString_NeverShowsTheSecretOrToken()
    {
        var text = s_credentials.ToString();

        Assert.DoesNotContain("secret/key+1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token", text, StringComparison.Ordinal);
    }
}
