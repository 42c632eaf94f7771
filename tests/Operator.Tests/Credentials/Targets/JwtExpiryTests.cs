using System.Text;
using Operator.Credentials.Targets;

namespace Operator.Tests.Credentials.Targets;

public sealed class JwtExpiryTests
{
    [Fact]
    public void Read_JwtWithExp_IsThatTime() =>
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1785940496), JwtExpiry.Read(Jwt("""{"sub":"x","exp":1785940496}""")));

    [Theory]
    [InlineData("""{"sub":"x"}""")]
    [InlineData("""{"exp":"soon"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public void Read_PayloadWithoutNumericExp_IsNull(string payload) => Assert.Null(JwtExpiry.Read(Jwt(payload)));

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.%%%.c")]
    public void Read_NotAJwt_IsNull(string text) => Assert.Null(JwtExpiry.Read(text));

    private static string Jwt(string payload) =>
        $"{B64("""{"alg":"RS256"}""")}.{B64(payload)}.c2ln";

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
