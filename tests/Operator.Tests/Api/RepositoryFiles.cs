namespace Operator.Tests.Api;

/// <summary>Finds the hand-written CRD and samples in the repository these tests were built from.</summary>
internal static class RepositoryFiles
{
    public const string CrdPath = "crds/delegatedcredentials.credentials.delegated.dev.yaml";

    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Every samples/*.yaml, as paths relative to the repository root.</summary>
    public static IReadOnlyList<string> Samples() =>
        [.. Directory.GetFiles(Path.Combine(Root, "samples"), "*.yaml")
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    // Walks up from the test binaries to the directory holding Operator.sln.
    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Operator.sln above {AppContext.BaseDirectory}.");
    }
}
