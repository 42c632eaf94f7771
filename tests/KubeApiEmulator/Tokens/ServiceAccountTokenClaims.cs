namespace Operator.Testing.KubeApi.Tokens;

/// <summary>A name and uid, as the `kubernetes.io` claim records the objects a token is bound to.</summary>
internal sealed record ObjectRef(string Name, string Uid);

/// <summary>What kube-apiserver puts in a service-account JWT (pkg/serviceaccount/claims.go).</summary>
/// <param name="BoundPod">At most one of pod/secret/node is the bound object; a pod may add its node.</param>
internal sealed record ServiceAccountTokenClaims(
    string Namespace,
    ObjectRef ServiceAccount,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    long ExpirationSeconds,
    ObjectRef? BoundPod = null,
    ObjectRef? BoundSecret = null,
    ObjectRef? BoundNode = null)
{
    public string Subject => $"system:serviceaccount:{Namespace}:{ServiceAccount.Name}";

    public DateTimeOffset Expiry => IssuedAt.AddSeconds(ExpirationSeconds);
}
