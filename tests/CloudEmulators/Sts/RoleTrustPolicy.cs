namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// An IAM role and the part of its trust policy STS evaluates for AssumeRoleWithWebIdentity: the federated
/// provider, the <c>sub</c> values allowed (exact, or <c>StringLike</c> with <c>*</c> and <c>?</c>), the
/// allowed <c>aud</c> values (null: any client ID of the provider), and the role's MaxSessionDuration.
/// </summary>
internal sealed record RoleTrustPolicy(
    string RoleArn,
    Uri FederatedIssuer,
    IReadOnlyList<string> AllowedSubjects,
    IReadOnlyList<string>? AllowedAudiences = null,
    TimeSpan? MaxSessionDuration = null)
{
    public TimeSpan SessionLimit => MaxSessionDuration ?? TimeSpan.FromHours(1);

    public bool AllowsSubject(string subject) => AllowedSubjects.Any(pattern => StringLike.Matches(pattern, subject));

    public bool AllowsAudience(string audience) =>
        AllowedAudiences is null || AllowedAudiences.Contains(audience, StringComparer.Ordinal);
}
