namespace Operator.Credentials.Targets;

/// <summary>
/// Turns a cloud identity into the Secret's data and expiry: plain AWS credentials today; Datadog,
/// SingleStore, HTTP login endpoints and projected ServiceAccount tokens each as one more implementation.
/// </summary>
internal interface ICredentialTarget
{
    /// <summary>The target's name in <c>spec.target</c>, metrics and logs, e.g. <c>awsCredentials</c>.</summary>
    string Name { get; }

    /// <summary>Target refusals are failures (IdentityDenied/ExchangeFailed/InvalidSpec), not exceptions.</summary>
    Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken);
}
