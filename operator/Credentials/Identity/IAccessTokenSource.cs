namespace Operator.Credentials.Identity;

/// <summary>A cloud identity that can hand out OAuth access tokens for scopes (GCP, Azure).</summary>
internal interface IAccessTokenSource
{
    /// <param name="lifetime">Asked for; the issuer may grant less, and <see cref="BearerToken.ExpiresAt"/> is what it granted.</param>
    Task<Attempt<BearerToken>> GetAccessTokenAsync(IReadOnlyList<string> scopes, TimeSpan lifetime, CancellationToken cancellationToken);
}
