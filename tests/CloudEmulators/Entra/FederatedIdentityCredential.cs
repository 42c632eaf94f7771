namespace Operator.Testing.Clouds.Entra;

/// <summary>
/// A federated identity credential on an app registration or user-assigned managed identity: an assertion whose
/// <c>iss</c> is <see cref="Issuer"/> (byte for byte), <c>sub</c> is <see cref="Subject"/> and one of whose <c>aud</c>
/// is in <see cref="Audiences"/> may stand in for the client's secret (docs/protocols.md §5).
/// </summary>
internal sealed record FederatedIdentityCredential(string Issuer, string Subject, IReadOnlyList<string> Audiences)
{
    public const string DefaultAudience = "api://AzureADTokenExchange";

    /// <summary>What an AKS cluster's credential for one ServiceAccount looks like.</summary>
    public static FederatedIdentityCredential ForServiceAccount(Uri issuer, string ns, string serviceAccount) =>
        new(issuer.ToString().TrimEnd('/'), $"system:serviceaccount:{ns}:{serviceAccount}", [DefaultAudience]);
}
