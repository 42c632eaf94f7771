namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// Federated identity credentials found at call time (<see cref="EntraEmulator.AddCredentialSource"/>) for the app
/// <c>clientId</c> in <c>tenant</c>; empty when the source knows none.
/// </summary>
internal delegate ValueTask<IReadOnlyList<FederatedIdentityCredential>> FederatedCredentialSource(string tenant, string clientId,
    CancellationToken cancellationToken);
