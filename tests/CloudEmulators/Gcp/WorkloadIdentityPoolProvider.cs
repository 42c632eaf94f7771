namespace Operator.Testing.Clouds.Gcp;

/// <summary>
/// A workload identity pool provider of type OIDC: tokens whose <c>iss</c> is <see cref="Issuer"/>, whose <c>aud</c> is one
/// of <see cref="AllowedAudiences"/> and whose <c>sub</c> passes <see cref="SubjectCondition"/> (the provider's attribute
/// condition, e.g. <c>assertion.sub.startsWith('system:serviceaccount:team-a:')</c>, here as <c>StringLike</c> patterns)
/// may be exchanged. <see cref="Name"/> is the full resource name, <c>//iam.googleapis.com/projects/N/…/providers/X</c>.
/// </summary>
internal sealed record WorkloadIdentityPoolProvider(string Name, Uri Issuer, IReadOnlyList<string> AllowedAudiences, IReadOnlyList<string> SubjectCondition)
{
    /// <summary>Google's default allowed audience: the provider's name with <c>https:</c> in front.</summary>
    public string DefaultAudience => "https:" + Name;

    /// <summary>The audiences tokens may carry: the configured ones, or the default (with or without the scheme) when none are.</summary>
    public IReadOnlyList<string> EffectiveAudiences => AllowedAudiences.Count > 0 ? AllowedAudiences : [DefaultAudience, Name];

    /// <summary>The issuer as it must appear, byte for byte, in a token's <c>iss</c>.</summary>
    public string IssuerText => Issuer.ToString().TrimEnd('/');

    /// <summary>The pool's resource path without the provider: <c>projects/N/locations/global/workloadIdentityPools/P</c>.</summary>
    public string PoolPath => Name["//iam.googleapis.com/".Length..Name.IndexOf("/providers/", StringComparison.Ordinal)];

    /// <summary>The federated principal of a subject (the default mapping <c>google.subject=assertion.sub</c>).</summary>
    public string PrincipalOf(string subject) => $"principal://iam.googleapis.com/{PoolPath}/subject/{subject}";
}
