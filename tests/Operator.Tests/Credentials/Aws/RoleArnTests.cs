using Operator.Credentials.Identity.Aws;


namespace Operator.Tests.Credentials.Aws;

public sealed class RoleArnTests
{
    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/dd-reader", "aws", "123456789012", "/", "dd-reader")]
    [InlineData("arn:aws-cn:iam::123456789012:role/a", "aws-cn", "123456789012", "/", "a")]
    [InlineData("arn:aws-us-gov:iam::000000000001:role/team/app/reader", "aws-us-gov", "000000000001", "/team/app/", "reader")]
    [InlineData("arn:aws:iam::123456789012:role/with+=,.@_-chars", "aws", "123456789012", "/", "with+=,.@_-chars")]
    public void TryParse_ValidRoleArn_ExtractsParts(string text, string partition, string account, string path, string name)
    {
        Assert.True(RoleArn.TryParse(text, out var arn, out _));
        Assert.Equal(new RoleArn(partition, account, path, name), arn);
        Assert.Equal(text, arn.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("arn:aws:iam::12345678901:role/short-account")]
    [InlineData("arn:aws:iam::1234567890123:role/long-account")]
    [InlineData("arn:aws:iam::123456789012:user/not-a-role")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/r/s")]
    [InlineData("arn:aws-iso:iam::123456789012:role/unsupported-partition")]
    [InlineData("arn:aws:iam::123456789012:role/")]
    [InlineData("arn:aws:iam::123456789012:role/bad name")]
    [InlineData("arn:aws:iam:us-east-1:123456789012:role/regional")]
    [InlineData(" arn:aws:iam::123456789012:role/padded")]
    public void TryParse_Invalid_ReturnsAnError(string? text)
    {
        Assert.False(RoleArn.TryParse(text, out var arn, out var error));
        Assert.Null(arn);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_NameLongerThan64_IsInvalid()
    {
        Assert.False(RoleArn.TryParse($"arn:aws:iam::123456789012:role/{new string('a', 65)}", out _, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => RoleArn.Parse("nope"));
    }
}
