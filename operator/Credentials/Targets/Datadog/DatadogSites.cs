using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Targets.Datadog;

/// <summary>
/// The Datadog sites (docs/protocols.md §1.3) and the API base URL of each: <c>https://api.{site}</c>. The CRD lists
/// the same sites; this check stays so that an object admitted under an older schema still gets a clear answer.
/// </summary>
internal static class DatadogSites
{
    public const string Default = DatadogTargetSpec.DefaultSite;

    public static readonly IReadOnlyList<string> All =
    [
        "datadoghq.com",
        "us3.datadoghq.com",
        "us5.datadoghq.com",
        "ap1.datadoghq.com",
        "ap2.datadoghq.com",
        "uk1.datadoghq.com",
        "datadoghq.eu",
        "ddog-gov.com",
        "us2.ddog-gov.com",
    ];

    public static bool IsKnown(string site) => All.Contains(site, StringComparer.Ordinal);

    /// <summary>The API base URL for a site, e.g. <c>https://api.datadoghq.eu</c>.</summary>
    public static Uri ApiBase(string site) => new($"https://api.{site}");
}
