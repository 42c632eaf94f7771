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
    public void For_LongNames_FitIn64WithAHashSuffix_KeepingTheNamespaceWhole()
    {
        var name = RoleSessionName.For(new string('n', 30), new string('x', 253));

        Assert.Equal(64, name.Length);
        Assert.Matches("^n{30}\\.x+-[0-9a-f]{16}$", name);
        Assert.True(RoleSessionName.IsValid(name));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(50)]
    [InlineData(47)]
    public void For_LongNamespaces_KeepTheNamespaceAndItsDot(int length)
    {
        var ns = new string('n', length);

        var name = RoleSessionName.For(ns, new string('x', 253));

        Assert.StartsWith(ns + ".", name, StringComparison.Ordinal);
        Assert.True(name.Length <= 64);
        Assert.True(RoleSessionName.IsValid(name));
    }

    /// <summary>A tenant in namespace a naming its session after namespace b: the session still starts with "a.".</summary>
    [Theory]
    [InlineData("b.x", "a.b.x")]
    [InlineData("b", "a.b")]
    [InlineData("a.job", "a.job")]
    [InlineData("ab.x", "a.ab.x")]
    public void ForSpec_ASpecsSessionName_IsAlwaysUnderItsNamespace(string sessionName, string expected)
    {
        Assert.Equal(expected, RoleSessionName.ForSpec("a", sessionName));
    }

    [Fact]
    public void ForSpec_ALongSpecSessionName_IsCutAfterTheNamespace()
    {
        var name = RoleSessionName.ForSpec("team-a", new string('s', 64));

        Assert.StartsWith("team-a.", name, StringComparison.Ordinal);
        Assert.Equal(64, name.Length);
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
