using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity;

/// <summary>
/// The one place that says which provider can serve which target: each provider declares what its identity offers,
/// each target what it needs, and a pair is valid when the two meet. The planner checks a spec here before any call
/// to a cloud or a target; the sandbox and the tests read the same tables; a test checks that the CRD's CEL rules
/// for valid pairs (crds/) agree with <see cref="Allows"/> for every pair.
/// </summary>
/// <remarks>
/// Adding a provider: a folder under <c>Identity/</c> with its <see cref="IIdentityProvider"/> and a
/// <see cref="CloudIdentity"/> implementing the capabilities it offers, <c>Built: true</c> on its row and on the rows of
/// the targets it brings, and one registration in <c>Hosting/CredentialServiceCollectionExtensions.cs</c>.
/// </remarks>
internal static class ProviderTargetMatrix
{
    /// <summary>The provider of a spec without <c>spec.provider</c>: the ServiceAccount itself.</summary>
    public const string NoProvider = "kubernetes";

    public static readonly ProviderDeclaration Aws = new("aws", IdentityCapabilities.AwsCredentials, Built: true);
    public static readonly ProviderDeclaration Gcp = new("gcp", IdentityCapabilities.GoogleAccessToken | IdentityCapabilities.GoogleIdToken, Built: true);
    public static readonly ProviderDeclaration Azure = new("azure", IdentityCapabilities.EntraAccessToken, Built: true);
    public static readonly ProviderDeclaration Kubernetes = new(NoProvider, IdentityCapabilities.KubernetesToken, Built: true);

    public static readonly IReadOnlyList<ProviderDeclaration> Providers = [Aws, Gcp, Azure, Kubernetes];

    public static readonly IReadOnlyList<TargetDeclaration> Targets =
    [
        new("awsCredentials", null, IdentityCapabilities.AwsCredentials, Built: true),
        new("datadog", null, IdentityCapabilities.AwsCredentials, Built: true),
        // SingleStore's auth service verifies each cloud's own proof: AWS credentials, a Google ID token, an Entra access token.
        new("singlestore", null, IdentityCapabilities.AwsCredentials | IdentityCapabilities.GoogleIdToken | IdentityCapabilities.EntraAccessToken, Built: true),
        new("http", HttpProofKind.AwsCredentials, IdentityCapabilities.AwsCredentials, Built: true),
        new("http", HttpProofKind.AwsSignedCallerIdentity, IdentityCapabilities.AwsCredentials, Built: true),
        new("http", HttpProofKind.ServiceAccountToken, IdentityCapabilities.KubernetesToken, Built: true),
        new("gcpAccessToken", null, IdentityCapabilities.GoogleAccessToken, Built: true),
        new("gcpIdToken", null, IdentityCapabilities.GoogleIdToken, Built: true),
        new("azureAccessToken", null, IdentityCapabilities.EntraAccessToken, Built: true),
        new("serviceAccountToken", null, IdentityCapabilities.KubernetesToken, Built: true),
    ];

    public static bool Allows(ProviderDeclaration provider, TargetDeclaration target) => (provider.Offers & target.Needs) != 0;

    /// <summary>The provider row of a spec: the one it names, or <see cref="Kubernetes"/> when it names none.</summary>
    public static ProviderDeclaration? ProviderOf(DelegatedCredentialSpec spec) =>
        spec.Provider?.Name is { } name ? Providers.FirstOrDefault(p => p.Name == name) : Kubernetes;

    /// <summary>The target row of a spec, or null when it names none.</summary>
    public static TargetDeclaration? TargetOf(DelegatedCredentialSpec spec) =>
        spec.Target?.Name is { } name
            ? Targets.FirstOrDefault(t => t.Name == name && t.Proof == (name == "http" ? (HttpProofKind?)spec.Target.Http!.Proof.Kind : null))
            : null;

    /// <summary>Whether this build can serve the spec's pair: valid, and both sides built.</summary>
    public static bool IsBuilt(DelegatedCredentialSpec spec) =>
        ProviderOf(spec) is { Built: true } provider && TargetOf(spec) is { Built: true } target && Allows(provider, target);

    /// <summary>
    /// Checks the spec's pair before anything is called: null when this build serves it, else an InvalidSpec failure
    /// naming the field and what is allowed.
    /// </summary>
    public static ExchangeFailure? Check(DelegatedCredentialSpec spec)
    {
        var target = TargetOf(spec);
        if (target is null)
        {
            return ExchangeFailure.InvalidSpec(
                $"spec.target must name one target ({string.Join(", ", Targets.Select(t => t.Name).Distinct())}).");
        }

        var provider = ProviderOf(spec)!;
        if (!Allows(provider, target))
        {
            var fits = Providers.Where(p => Allows(p, target)).Select(p => p.Name == NoProvider ? "no spec.provider" : $"spec.provider.{p.Name}");
            var named = provider.Name == NoProvider ? "a spec without spec.provider" : $"spec.provider.{provider.Name}";
            return ExchangeFailure.InvalidSpec($"spec.target.{target.Display} cannot be served by {named}; it needs {string.Join(" or ", fits)}.");
        }

        if (!provider.Built || !target.Built)
        {
            var missing = !provider.Built ? $"provider {provider.Name}" : $"target {target.Display}";
            return ExchangeFailure.InvalidSpec($"{missing} is not supported by this operator build yet.");
        }

        return null;
    }
}
