namespace Sandbox;

/// <summary>The checkout this program runs from: the nearest directory upwards holding Operator.sln.</summary>
internal static class RepositoryRoot
{
    public static DirectoryInfo? Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
                {
                    return dir;
                }
            }
        }

        return null;
    }
}
