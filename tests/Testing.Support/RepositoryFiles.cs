namespace Operator.Testing.Support;

/// <summary>The checkout the tests run from: the nearest directory upwards holding Operator.sln, and the files in it.</summary>
public static class RepositoryFiles
{
    public const string SolutionFile = "Operator.sln";
    public const string CrdPath = "crds/delegatedcredentials.credentials.delegated.dev.yaml";

    private static readonly Lazy<string> s_root = new(() => Find(AppContext.BaseDirectory)?.FullName
        ?? throw new InvalidOperationException($"{SolutionFile} not found above {AppContext.BaseDirectory}"));

    /// <summary>The root above the running binaries; throws when there is none.</summary>
    public static string Root => s_root.Value;

    /// <summary>A path below the root, from its parts (<c>Path("crds")</c>, <c>Path("tests", "x", "y.md")</c>).</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The text of a file named relative to the root with forward slashes.</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path(relativePath));

    /// <summary>Every samples/*.yaml, as paths relative to the root, in ordinal order.</summary>
    public static IReadOnlyList<string> Samples() =>
        [.. Directory.GetFiles(Path("samples"), "*.yaml")
            .Select(path => System.IO.Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>The first directory holding Operator.sln at or above one of <paramref name="starts"/>, tried in order; null if none.</summary>
    public static DirectoryInfo? Find(params string[] starts)
    {
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir;
                }
            }
        }

        return null;
    }
}
