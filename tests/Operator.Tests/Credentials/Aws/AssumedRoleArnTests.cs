using Operator.Credentials.Identity.Aws;


namespace Operator.Tests.Credentials.Aws;

public sealed class AssumedRoleArnTests
{
    [Fact]
    public void TryParse_AssumedRole_ExtractsParts()
    {
        Assert.True(AssumedRoleArn.TryParse("arn:aws:sts::123456789012:assumed-role/dd-reader/team-a.app", out var arn));
        Assert.Equal(new AssumedRoleArn("aws", "123456789012", "dd-reader", "team-a.app"), arn);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/dd-reader")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/dd-reader")]
    [InlineData("arn:aws:sts::123456789012:federated-user/bob")]
    [InlineData(null)]
    public void TryParse_NotAnAssumedRole_Fails(string? text)
    {
        Assert.False(AssumedRoleArn.TryParse(text, out _));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/dd-reader", true)]
    [InlineData("arn:aws:iam::123456789012:role/some/path/dd-reader", true)]
    [InlineData("arn:aws:iam::210987654321:role/dd-reader", false)]
    [InlineData("arn:aws-cn:iam::123456789012:role/dd-reader", false)]
    [InlineData("arn:aws:iam::123456789012:role/dd-writer", false)]
    public void IsSessionOf_ComparesPartitionAccountAndName(string role, bool expected)
    {
        var assumed = new AssumedRoleArn("aws", "123456789012", "dd-reader", "s1");

        Assert.Equal(expected, assumed.IsSessionOf(RoleArn.Parse(role)));
    }
}
