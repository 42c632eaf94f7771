namespace Operator.Credentials;

/// <summary>
/// The Ready condition's reasons. They are part of the public contract (README, kstatus readers, alerts):
/// add new ones, never rename.
/// </summary>
internal static class CredentialReasons
{
    public const string Issued = "Issued";
    public const string Refreshed = "Refreshed";
    public const string RefreshFailed = "RefreshFailed";
    public const string Expired = "Expired";
    public const string InvalidSpec = "InvalidSpec";
    public const string ServiceAccountNotFound = "ServiceAccountNotFound";
    public const string IdentityDenied = "IdentityDenied";
    public const string ExchangeFailed = "ExchangeFailed";
    public const string SecretConflict = "SecretConflict";

    /// <summary>The ServiceAccount does not name this DelegatedCredential in its allowed-credentials annotation.</summary>
    public const string NotPermitted = "NotPermitted";
}
