using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity;

/// <param name="Name">As in <c>spec.target</c> (and the metrics' <c>target</c> label).</param>
/// <param name="Proof">For <c>http</c>, the proof kind this row is about (the proof decides what identity is needed).</param>
/// <param name="Needs">Capabilities of which the provider must offer at least one.</param>
/// <param name="Built">Whether this build has its <see cref="Targets.ICredentialTarget"/>; a test checks this against the registrations.</param>
internal sealed record TargetDeclaration(string Name, HttpProofKind? Proof, IdentityCapabilities Needs, bool Built)
{
    /// <summary>How messages name it: <c>datadog</c>, <c>http (proof awsCredentials)</c>.</summary>
    public string Display => Proof is { } proof ? $"{Name} (proof {HttpProofKindName(proof)})" : Name;

    private static string HttpProofKindName(HttpProofKind kind) => kind switch
    {
        HttpProofKind.AwsCredentials => "awsCredentials",
        HttpProofKind.AwsSignedCallerIdentity => "awsSignedCallerIdentity",
        HttpProofKind.ServiceAccountToken => "serviceAccountToken",
        _ => kind.ToString(),
    };
}
