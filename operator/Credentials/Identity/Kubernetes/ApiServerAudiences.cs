using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>
/// The audiences the Kubernetes API server itself accepts. A ServiceAccount token minted for one of them authenticates to
/// the API server as that ServiceAccount, for as long as the token lives: a DelegatedCredential may not ask for one (a
/// <c>serviceAccountToken</c> target would hand it to whoever reads the Secret, an http target or a provider's endpoint to
/// whoever runs that endpoint), nor for an empty audience (a TokenRequest without audiences gets the API server's).
/// Checked when planning (InvalidSpec naming the field, before any TokenRequest) and again by
/// <see cref="ServiceAccountTokens"/> before every TokenRequest.
/// </summary>
/// <remarks>
/// The defaults are the in-cluster names kube-apiserver's <c>--api-audiences</c> is usually set to (it defaults to the
/// issuer, <c>https://kubernetes.default.svc.cluster.local</c> on kubeadm clusters) and K3s' extra <c>k3s</c>. A cluster
/// whose API server accepts others (EKS and GKE use their OIDC issuer URL) lists them in <c>Operator:ApiServerAudiences</c>;
/// they are refused in addition to these. The issuer is not discovered from <c>/.well-known/openid-configuration</c>.
/// Audiences are compared without case and without trailing '/' or '.', so near-spellings are refused too.
/// </remarks>
internal sealed class ApiServerAudiences
{
    public static readonly IReadOnlyList<string> Defaults =
    [
        "https://kubernetes.default.svc.cluster.local",
        "https://kubernetes.default.svc",
        "https://kubernetes.default",
        "https://kubernetes",
        "kubernetes.default.svc.cluster.local",
        "kubernetes.default.svc",
        "kubernetes.default",
        "kubernetes",
        "k3s",
        "rke2",
    ];

    private readonly HashSet<string> _refused;

    /// <param name="allow">Operator:AllowApiServerAudiences: when true nothing is refused but an empty audience.</param>
    /// <param name="extra">Operator:ApiServerAudiences: refused beside <see cref="Defaults"/>.</param>
    public ApiServerAudiences(bool allow, IEnumerable<string>? extra = null)
    {
        Allow = allow;
        _refused = new HashSet<string>(Defaults.Concat(extra ?? []).Select(Normalize), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The default policy: the defaults refused, no override.</summary>
    public static ApiServerAudiences Refusing { get; } = new(allow: false);

    public bool Allow { get; }

    /// <summary>Null when a token may be minted for <paramref name="audience"/>; else why not, naming <paramref name="field"/>.</summary>
    public string? Refusal(string field, string? audience)
    {
        if (string.IsNullOrWhiteSpace(audience))
        {
            return $"{field} is empty: a ServiceAccount token without an audience is one for the Kubernetes API server.";
        }

        if (!Allow && _refused.Contains(Normalize(audience)))
        {
            return $"{field} '{audience}' is an audience of the Kubernetes API server: a token for it would act as the " +
                "ServiceAccount in the cluster. Choose the audience of the system that receives the token " +
                "(the operator allows it only with Operator:AllowApiServerAudiences=true).";
        }

        return null;
    }

    /// <summary>
    /// Every audience the spec names, at its field: providers' and targets'. A provider's audience resolved from the
    /// ServiceAccount (an IRSA annotation) is checked by the planner apart.
    /// </summary>
    public static IEnumerable<(string Field, string? Audience)> InSpec(DelegatedCredentialSpec spec)
    {
        var (provider, target) = (spec.Provider, spec.Target);
        if (provider?.Aws is { Audience: { } aws })
        {
            yield return ("spec.provider.aws.audience", aws);
        }

        if (provider?.Gcp is { Audience: { } gcp })
        {
            yield return ("spec.provider.gcp.audience", gcp);
        }

        if (provider?.Azure is { Audience: { } azure })
        {
            yield return ("spec.provider.azure.audience", azure);
        }

        if (target.ServiceAccountToken is { } token)
        {
            yield return ("spec.target.serviceAccountToken.audience", token.Audience);
        }

        if (target.Http?.Proof is { Kind: HttpProofKind.ServiceAccountToken } proof)
        {
            yield return ("spec.target.http.proof.audience", proof.Audience);
        }
    }

    private static string Normalize(string audience) => audience.Trim().TrimEnd('/', '.');
}
