using System.Globalization;
using System.Text;
using Operator.Api.V1Alpha1;

namespace Sandbox;

/// <summary>
/// The live view: one row per DelegatedCredential with its readiness, identity, expiry, next refresh, and how
/// many times the sandbox has seen it refreshed (distinct issuedAt values after the first).
/// </summary>
internal sealed class CredentialTable
{
    private readonly Dictionary<string, HashSet<DateTimeOffset>> _issues = [];

    public string Render(IEnumerable<DelegatedCredential> credentials, DateTimeOffset now)
    {
        var rows = new List<string[]> { new[] { "NAMESPACE/NAME", "READY", "IDENTITY", "EXPIRES", "NEXT REFRESH", "REFRESHES" } };
        foreach (var credential in credentials.OrderBy(c => $"{c.Metadata.NamespaceProperty}/{c.Metadata.Name}", StringComparer.Ordinal))
        {
            rows.Add(Row(credential, now));
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }

    private string[] Row(DelegatedCredential credential, DateTimeOffset now)
    {
        var key = $"{credential.Metadata.NamespaceProperty}/{credential.Metadata.Name}";
        var status = credential.Status;
        if (status?.IssuedAt is { } issuedAt)
        {
            (_issues.TryGetValue(key, out var seen) ? seen : _issues[key] = []).Add(issuedAt);
        }

        var ready = status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var refreshes = _issues.TryGetValue(key, out var issues) ? Math.Max(0, issues.Count - 1) : 0;
        return
        [
            key,
            ready is null ? "-" : $"{ready.Status} ({ready.Reason})",
            status?.Identity ?? "-",
            Relative(status?.ExpiresAt, now),
            Relative(status?.RefreshAt, now),
            refreshes.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static string Relative(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "-";
        }

        var seconds = (int)Math.Round((t - now).TotalSeconds);
        var span = Math.Abs(seconds) < 120 ? $"{Math.Abs(seconds)}s" : $"{Math.Abs(seconds) / 60}m{Math.Abs(seconds) % 60:00}s";
        return seconds >= 0 ? $"in {span}" : $"{span} ago";
    }
}
