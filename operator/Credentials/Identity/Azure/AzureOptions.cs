namespace Operator.Credentials.Identity.Azure;

internal sealed class AzureOptions
{
    /// <summary>
    /// Replaces every Entra authority host (<c>spec.provider.azure.authorityHost</c> and the default
    /// <c>https://login.microsoftonline.com/</c>), e.g. a sovereign cloud for the whole operator, or an emulator. https only.
    /// </summary>
    public Uri? AuthorityHost { get; set; }
}
