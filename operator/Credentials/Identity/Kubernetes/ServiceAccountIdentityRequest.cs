namespace Operator.Credentials.Identity.Kubernetes;

/// <param name="ServiceAccount">namespace/name, for the spec hash.</param>
internal sealed record ServiceAccountIdentityRequest(string Audience, string ServiceAccount) : IdentityRequest(Audience)
{
    public override string Fingerprint => $"kubernetes|{ServiceAccount}|{Audience}";

    public override string Endpoint => "kubernetes-tokenrequest";
}
