namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// An application (or user-assigned managed identity) in one tenant: its client id, the object id of its service
/// principal (the <c>oid</c> of the tokens it gets), and the federated identity credentials it trusts.
/// </summary>
internal sealed record EntraApplication(string TenantId, string ClientId, IReadOnlyList<FederatedIdentityCredential> FederatedCredentials)
{
    /// <summary>The service principal's object id; stable for the app, as in Entra.</summary>
    public string ObjectId { get; init; } = Guid.NewGuid().ToString();
}
