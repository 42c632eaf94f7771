namespace Operator.Runtime.Hosting;

/// <summary>Operator:HeapTrim: see <see cref="HeapTrimmer"/>.</summary>
internal sealed class HeapTrimOptions
{
    /// <summary>Whether the trimmer runs (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the committed heap is looked at, and so the most often a trim can run (default 10 s).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Validate(string section)
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            yield return $"{section}:Interval must be at least 1 second (got {Interval}): each trim is a full, blocking collection.";
        }
    }
}
