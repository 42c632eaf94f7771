namespace Operator.Benchmarks;

/// <summary>
/// tests/Operator.Benchmarks/results.md holds one top-level section per mode (<c># Controller runtime benchmark</c>,
/// <c># Fleet benchmark</c>) and hand-written notes; a run replaces only its own section and keeps the rest.
/// </summary>
internal static class ResultsFile
{
    public static string? Path => RepositoryFiles.Find(AppContext.BaseDirectory) is { } root
        ? System.IO.Path.Combine(root.FullName, "tests", "Operator.Benchmarks", "results.md")
        : null;

    /// <summary>Replaces the section starting with the line <paramref name="heading"/> (up to the next <c># </c> line), or appends it.</summary>
    public static void WriteSection(string heading, string section)
    {
        if (Path is not { } path)
        {
            return;
        }

        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        File.WriteAllText(path, Replace(existing, heading, section));
    }

    public static string Replace(string document, string heading, string section)
    {
        var lines = document.ReplaceLineEndings("\n").Split('\n').ToList();
        var start = lines.IndexOf(heading);
        var body = section.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (start < 0)
        {
            var kept = string.Join('\n', lines).TrimEnd('\n');
            return (kept.Length == 0 ? "" : kept + "\n\n") + string.Join('\n', body) + "\n";
        }

        var end = lines.FindIndex(start + 1, l => l.StartsWith("# ", StringComparison.Ordinal));
        var after = end < 0 ? [] : lines[end..];
        var result = lines[..start].Concat(body).Concat(after.Count > 0 ? [""] : []).Concat(after);
        return string.Join('\n', result).TrimEnd('\n') + "\n";
    }
}
