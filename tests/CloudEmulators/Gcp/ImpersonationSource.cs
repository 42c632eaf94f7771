namespace Operator.Testing.Clouds.Gcp;

/// <summary>
/// An impersonation binding found at call time (<see cref="IamCredentialsEmulator.AddImpersonationSource"/>): whether the
/// caller (a federated token Google STS issued) may impersonate the Google service account.
/// </summary>
internal delegate ValueTask<bool> ImpersonationSource(string serviceAccount, FederatedToken caller, CancellationToken cancellationToken);
