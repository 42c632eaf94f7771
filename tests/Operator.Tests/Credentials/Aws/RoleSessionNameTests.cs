using Operator.Credentials.Identity.Aws;


namespace Operator.Tests.Credentials.Aws;

public sealed class RoleSessionNameTests
{
    [Theory]
    [InlineData("team-a", "app", "team-a.app")]
    [InlineData("a", "b", "a.b")]
    [InlineData("sre-arena", "datadog.v2", "sre-arena.datadog.v2")]
    public void For_ShortNames_IsNamespaceDotName(string @namespace, string name, string expected)
    {
        Assert.Equal(expected, RoleSessionName.For(@namespace, name));
    }

    [Fact]
    public void For_LongNames_FitIn64WithAHashSuffix()
    {
        var name = RoleSessionName.For(new string('n', 63), new string('x', 253));

        Assert.Equal(64, name.Length);
        Assert.Matches("^n+-[0-9a-f]{16}$", name);
        Assert.True(RoleSessionName.IsValid(name));
    }

    [Fact]
    public void For_IsDeterministic()
    {
        Assert.Equal(RoleSessionName.For(new string('n', 40), new string('x', 40)), RoleSessionName.For(new string('n', 40), new string('x', 40)));
    }

    [Fact]
    public void For_LongNamesSharingAPrefix_StayDistinct()
    {
        var prefix = new string('p', 70);

        Assert.NotEqual(RoleSessionName.For("team", prefix + "-one"), RoleSessionName.For("team", prefix + "-two"));
    }

    [Fact]
    public void For_NamespaceAndNameSplitDifferently_StayDistinct()
    {
        Assert.NotEqual(RoleSessionName.For("team-a", "app"), RoleSessionName.For("team", "a-app"));
    }

    [Fact]
    public void For_CharactersOutsideStsSet_AreReplacedAndHashed()
    {
        var name = RoleSessionName.For("team", "a:b");

        Assert.True(RoleSessionName.IsValid(name));
        Assert.NotEqual(RoleSessionName.For("team", "a-b"), name);
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("with space", false)]
    [InlineData("é-accent", false)]
    [InlineData("ok+=,.@_-", true)]
    public void IsValid_FollowsStsRules(string sessionName, bool expected)
    {
        Assert.Equal(expected, RoleSessionName.IsValid(sessionName));
    }
}
