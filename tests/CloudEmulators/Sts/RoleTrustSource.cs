namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// A trust policy statement found at call time (<see cref="StsEmulator.AddTrustSource"/>): for the role asked for and the
/// verified identity, a policy trusting it, or null.
/// </summary>
internal delegate ValueTask<RoleTrustPolicy?> RoleTrustSource(string roleArn, WebIdentity identity, CancellationToken cancellationToken);
