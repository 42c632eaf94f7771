using Operator.Testing.KubeApi.Auth;

namespace Operator.Benchmarks.Fleet;

/// <summary>Kubernetes API requests of one user in a time window, counted by verb and resource (<c>get secrets</c>).</summary>
internal sealed class RequestTally(IReadOnlyDictionary<string, int> counts)
{
    public IReadOnlyDictionary<string, int> Counts => counts;

    public int Total => counts.Values.Sum();

    public static RequestTally Of(IEnumerable<RecordedRequest> requests, string user, DateTimeOffset from, DateTimeOffset to) =>
        new(requests.Where(r => r.User == user && r.Time >= from && r.Time < to)
            .GroupBy(r => Describe(r.Attributes))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));

    public int Count(Func<string, string, bool> verbAndResource) =>
        counts.Where(c => c.Key.Split(' ') is [var verb, var resource] && verbAndResource(verb, resource)).Sum(c => c.Value);

    /// <summary>GETs of single Secrets and ServiceAccounts: what a restart should take from its caches instead (the informers' LISTs aside).</summary>
    public int Reads => Count((verb, resource) => verb == "get" && resource is "secrets" or "serviceaccounts");

    /// <summary>
    /// Every create, update, patch and delete (Secrets, status, Events), leader election's Lease renewals aside, and the
    /// access reviews aside: a review is a question asked with a POST (the start-up check's SelfSubjectAccessReviews,
    /// Hosting/StartupCheck.cs), and the API server stores nothing.
    /// </summary>
    public int Writes => Count((verb, resource) => verb is "create" or "update" or "patch" or "delete" && resource != "leases"
        && !resource.EndsWith("accessreviews", StringComparison.Ordinal));

    /// <summary>
    /// `verb resource n` pairs, most frequent first, each divided by <paramref name="per"/>; those under 0.01 per
    /// (an informer's one LIST and WATCH in a large fleet) are left out.
    /// </summary>
    public string Format(double per, string? exclude = null) => counts.Count == 0 ? "none" : string.Join(", ", counts
        .Where(c => (exclude is null || !c.Key.Contains(exclude, StringComparison.Ordinal)) && c.Value / per >= 0.005)
        .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
        .Select(c => per == 1 ? $"{c.Key} {c.Value}" : $"{c.Key} {c.Value / per:0.##}"));

    private static string Describe(RequestAttributes a) =>
        a.IsResourceRequest ? $"{a.Verb} {a.CombinedResource}" : $"{a.Verb} {a.Path}";
}
