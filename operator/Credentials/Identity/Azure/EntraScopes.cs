using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity.Azure;

/// <summary>
/// The scope an Azure identity is asked for, decided by the target (docs/protocols.md §5.1): the request carries it, so
/// Entra is called once per refresh in the provider's step (its failures count against Entra's breaker, not the target's).
/// </summary>
internal static class EntraScopes
{
    /// <summary>
    /// SingleStore's Azure verifier wants <c>aud</c> exactly <c>https://management.azure.com/</c>, with the slash
    /// (docs/protocols.md §2.3). Whether Entra writes the slash for <c>https://management.azure.com/.default</c> is not
    /// confirmed (§7.5); asking for the resource <c>https://management.azure.com/</c> itself (hence the double slash) is the
    /// form that gives the slash either way.
    /// </summary>
    public const string SingleStore = "https://management.azure.com//.default";

    public static string For(TargetSpec target) => target switch
    {
        { AzureAccessToken: { } token } => string.IsNullOrEmpty(token.Scope) ? AzureAccessTokenTargetSpec.DefaultScope : token.Scope,
        { SingleStore: not null } => SingleStore,
        _ => AzureAccessTokenTargetSpec.DefaultScope,
    };
}
