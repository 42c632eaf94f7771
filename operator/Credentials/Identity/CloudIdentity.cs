namespace Operator.Credentials.Identity;

/// <summary>
/// What an identity provider obtained for a ServiceAccount: a principal (for status and audits) and capabilities,
/// not a bag of keys. A subclass implements the capability interfaces it declares in <see cref="Capabilities"/>
/// (<see cref="Aws.IAwsCredentials"/>, <see cref="IAccessTokenSource"/>, <see cref="IIdTokenSource"/>), and targets use
/// only those. Subclasses must keep secret material out of <see cref="object.ToString"/>.
/// </summary>
internal abstract record CloudIdentity(string Provider, string Principal, DateTimeOffset ExpiresAt)
{
    public abstract IdentityCapabilities Capabilities { get; }

    /// <summary>
    /// The capability a target needs. The planner admits only pairs whose provider offers what the target needs
    /// (<see cref="ProviderTargetMatrix"/>), so a miss here is a bug in a declaration, not a user error.
    /// </summary>
    public T Require<T>()
        where T : class =>
        this as T ?? throw new InvalidOperationException(
            $"Identity of provider {Provider} has no {typeof(T).Name}; ProviderTargetMatrix declares a pair it cannot serve.");
}
