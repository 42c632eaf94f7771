namespace Operator.Testing.Clouds.Gcp;

/// <summary>A federated access token Google STS issued: whose it is, for which scopes, until when.</summary>
internal sealed record FederatedToken(string AccessToken, string Principal, string Provider, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"FederatedToken {{ Principal = {Principal}, ExpiresAt = {ExpiresAt:O} }}";
}
