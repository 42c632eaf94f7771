namespace Operator.Credentials.Identity;

/// <summary>A cloud identity that can hand out signed ID tokens (JWTs) for an audience (a ServiceAccount's TokenRequest, GCP).</summary>
internal interface IIdTokenSource
{
    /// <param name="lifetime">Asked for; the issuer may grant less, and <see cref="BearerToken.ExpiresAt"/> is what it granted.</param>
    Task<Attempt<BearerToken>> GetIdTokenAsync(string audience, TimeSpan lifetime, CancellationToken cancellationToken);
}
