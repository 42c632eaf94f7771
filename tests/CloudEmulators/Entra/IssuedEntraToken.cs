namespace Operator.Testing.Clouds.Entra;

/// <summary>An access token the emulator issued, for tests that look for it (in a Secret, or leaked in a log).</summary>
internal sealed record IssuedEntraToken(string AccessToken, string TenantId, string ClientId, string Audience, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedEntraToken {{ TenantId = {TenantId}, ClientId = {ClientId}, Audience = {Audience}, ExpiresAt = {ExpiresAt:O} }}";
}
