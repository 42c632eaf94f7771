using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>RE2 semantics where .NET's engine differs (K3 `pattern`, K4 `matches`).</summary>
public sealed class GoRegexTests
{
    [Theory]
    [InlineData("^[a-z]+$", "abc", true)]
    [InlineData("^[a-z]+$", "abc\n", false)]
    [InlineData("^\\d+$", "123", true)]
    [InlineData("^\\d+$", "١٢٣", false)]
    [InlineData("^\\w+$", "héllo", false)]
    [InlineData("^[\\d-]+$", "1-2", true)]
    [InlineData("^[[:alpha:]]+$", "abc", true)]
    [InlineData("^[[:alpha:]]+$", "a1", false)]
    [InlineData("^[^[:space:]]+$", "a b", false)]
    [InlineData("(?P<year>[0-9]{4})", "in 2024", true)]
    [InlineData("[$]", "cost $5", true)]
    [InlineData("ell", "hello", true)]
    public void K3_Pattern_FollowsRe2(string pattern, string input, bool expected) =>
        Assert.Equal(expected, GoRegex.IsMatch(pattern, input));
}
