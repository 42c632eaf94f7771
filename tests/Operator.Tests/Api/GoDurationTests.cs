using Operator.Api.V1Alpha1;

namespace Operator.Tests.Api;

public sealed class GoDurationTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "1h", TimeSpan.FromHours(1) },
        { "90m", TimeSpan.FromMinutes(90) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "45s", TimeSpan.FromSeconds(45) },
        { "2h3m4s", new TimeSpan(2, 3, 4) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { ".5m", TimeSpan.FromSeconds(30) },
        { "300ms", TimeSpan.FromMilliseconds(300) },
        { "1500us", TimeSpan.FromMicroseconds(1500) },
        { "1500µs", TimeSpan.FromMicroseconds(1500) },
        { "250ns", TimeSpan.FromTicks(2) },
        { "1m30s", TimeSpan.FromSeconds(90) },
        { "30s1h", TimeSpan.FromSeconds(3630) },
        { "0", TimeSpan.Zero },
        { "0s", TimeSpan.Zero },
        { "-1m", TimeSpan.FromMinutes(-1) },
        { "+12h", TimeSpan.FromHours(12) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_GoDuration_ReturnsItsLength(string text, TimeSpan expected) =>
        Assert.Equal(expected, GoDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("1d")]
    [InlineData("1 h")]
    [InlineData("1H")]
    [InlineData("1h ")]
    [InlineData("-")]
    [InlineData("1..5h")]
    [InlineData(".h")]
    [InlineData("01:00:00")]
    [InlineData("PT1H")]
    [InlineData("99999999999999999999h")]
    public void TryParse_NotAGoDuration_ReturnsFalse(string text) =>
        Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(GoDuration.TryParse(null, out _));

    [Fact]
    public void Parse_NotAGoDuration_ThrowsFormatExceptionNamingTheText()
    {
        var error = Assert.Throws<FormatException>(() => GoDuration.Parse("1 hour"));

        Assert.Contains("'1 hour'", error.Message, StringComparison.Ordinal);
    }
}
