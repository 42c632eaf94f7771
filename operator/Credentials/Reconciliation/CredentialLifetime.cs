using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Reconciliation;

/// <summary>Reads the spec's durations; a bad value is InvalidSpec with the field named.</summary>
internal static class CredentialLifetime
{
    public static bool TryParseTtl(DelegatedCredentialSpec spec, out TimeSpan ttl, out string error) =>
        TryParse(spec.Ttl, "spec.ttl", DelegatedCredentialSpec.DefaultTtl, out ttl, out error);

    /// <summary>Null when unset: the schedule then uses its default fraction of the granted lifetime.</summary>
    public static bool TryParseRefreshBefore(DelegatedCredentialSpec spec, out TimeSpan? refreshBefore, out string error)
    {
        refreshBefore = null;
        if (string.IsNullOrEmpty(spec.RefreshBefore))
        {
            error = "";
            return true;
        }

        var ok = TryParse(spec.RefreshBefore, "spec.refreshBefore", TimeSpan.Zero, out var value, out error);
        refreshBefore = value;
        return ok;
    }

    /// <summary>A positive Go duration; <paramref name="field"/> names it in the error.</summary>
    public static bool TryParse(string text, string field, out TimeSpan value, out string error) =>
        TryParse(text, field, TimeSpan.Zero, out value, out error);

    private static bool TryParse(string? text, string field, TimeSpan fallback, out TimeSpan value, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        if (GoDuration.TryParse(text, out value) && value > TimeSpan.Zero)
        {
            return true;
        }

        error = $"{field} '{text}' is not a positive duration such as 45m or 1h30m.";
        return false;
    }
}
