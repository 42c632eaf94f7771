namespace Operator.Credentials.Identity.Azure;

/// <param name="AuthorityHost">Where the token endpoint lives: <c>{AuthorityHost}{TenantId}/oauth2/v2.0/token</c>.</param>
/// <param name="Scope">The one <c>{resource}/.default</c> the target needs (<see cref="EntraScopes"/>).</param>
internal sealed record AzureIdentityRequest(string TenantId, string ClientId, string Audience, Uri AuthorityHost, string Scope)
    : IdentityRequest(Audience)
{
    public override string Endpoint => AuthorityHost.Authority;

    public override string Fingerprint => $"azure|{TenantId}|{ClientId}|{Audience}|{AuthorityHost}|{Scope}";

    /// <summary>The v2.0 token endpoint of the tenant.</summary>
    public Uri TokenEndpoint => new(AuthorityHost, $"{Uri.EscapeDataString(TenantId)}/oauth2/v2.0/token");

    /// <summary>What <c>status.identity</c> shows: the app (or managed identity) and its tenant.</summary>
    public string Principal => $"{ClientId} (tenant {TenantId})";
}
