namespace Operator.Tests.Hosting;

/// <summary>
/// The image's surface: a native build (PublishAot) on the chiseled runtime-deps image (no shell, no package manager, no
/// .NET runtime), run as non-root.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string[] s_lines = RepositoryFiles.Read("Dockerfile").Split('\n').Select(l => l.Trim()).ToArray();

    [Fact]
    public void RuntimeStage_IsTheChiseledRuntimeDepsImage()
    {
        var last = s_lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal));

        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/runtime-deps:10\.0-[a-z]+-chiseled\b", last);
    }

    [Fact]
    public void BuildStage_PublishesNatively_AndTheEntrypointIsTheExecutable()
    {
        var publish = s_lines.Single(l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));

        Assert.Contains("-p:PublishAot=true", publish, StringComparison.Ordinal);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0-[a-z]+-aot AS build$", s_lines.First(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Equal("ENTRYPOINT [\"/app/Operator\"]", s_lines.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
    }

    [Fact]
    public void RuntimeStage_IsInvariantGlobalization_ForAnImageWithoutIcu()
    {
        Assert.Contains(s_lines, l => l.StartsWith("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true", StringComparison.Ordinal));
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
