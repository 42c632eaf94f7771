namespace Operator.Tests.Hosting;

/// <summary>The image's surface: the runtime stage is the chiseled ASP.NET image (no shell, no package manager), run as non-root.</summary>
public sealed class DockerfileTests
{
    private static readonly string[] s_lines = RepositoryFiles.Read("Dockerfile").Split('\n').Select(l => l.Trim()).ToArray();

    [Fact]
    public void RuntimeStage_IsTheChiseledAspNetImage()
    {
        var last = s_lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal));

        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled(-extra)?\b", last);
    }

    [Fact]
    public void RuntimeStage_RunsNothing_AndEndsAsTheNonRootAppUser()
    {
        var runtime = s_lines.SkipWhile(l => !l.Contains("-chiseled", StringComparison.Ordinal)).ToList();

        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        Assert.Equal("USER $APP_UID", runtime.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.StartsWith("ENTRYPOINT [", runtime.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
