namespace Operator.Testing.Clouds.Gcp;

/// <summary>A service account's access token IAM Credentials issued (generateAccessToken).</summary>
internal sealed record GoogleAccessToken(string AccessToken, string ServiceAccount, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt, string Caller)
{
    public override string ToString() => $"GoogleAccessToken {{ ServiceAccount = {ServiceAccount}, ExpiresAt = {ExpiresAt:O} }}";
}
