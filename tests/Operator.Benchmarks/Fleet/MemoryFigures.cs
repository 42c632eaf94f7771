namespace Operator.Benchmarks.Fleet;

/// <summary>
/// The operator process's resident set (VmRSS) and its managed heap as it reports it on /metrics
/// (prometheus-net's <c>dotnet_total_memory_bytes</c>, GC.GetTotalMemory without a collection: live objects plus
/// garbage not yet collected). The shared part of the resident set (RssShmem) is the JIT's code, mapped twice under
/// W^X (<c>/memfd:doublemapper</c>).
/// </summary>
internal sealed record MemoryFigures(long ResidentBytes, long AnonymousBytes, long FileBytes, long ManagedBytes)
{
    public override string ToString() =>
        $"{ResidentBytes / 1e6:F0} MB resident ({AnonymousBytes / 1e6:F0} anonymous, {FileBytes / 1e6:F0} files, {(ResidentBytes - AnonymousBytes - FileBytes) / 1e6:F0} shared: JIT code), {ManagedBytes / 1e6:F0} MB managed heap";
}
