using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity.Aws.PodIdentity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// AWS IRSA: the ServiceAccount's token is exchanged for a role's temporary credentials with STS
/// AssumeRoleWithWebIdentity. The role is the one the EKS webhook would give a pod running as that SA;
/// asking for another is refused unless the operator allows identity overrides.
/// With <c>mode: podIdentity</c>, EKS Pod Identity instead: the token (audience <c>pods.eks.amazonaws.com</c>) goes to
/// EKS Auth for the operator's configured cluster, and the ServiceAccount's association decides the role, so the spec
/// names none (a roleArn is refused, never compared: the association may change without the spec).
/// </summary>
internal sealed class AwsIdentityProvider(IAssumeRoleWithWebIdentity sts, bool allowIdentityOverride, IAssumeRoleForPodIdentity? podIdentity = null)
    : IIdentityProvider
{
    public const string ProviderName = "aws";

    public string Name => ProviderName;

    public Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount)
    {
        var aws = credential.Spec.Provider!.Aws!;
        if (aws.IsPodIdentity)
        {
            return ResolvePodIdentity(aws);
        }

        var annotations = serviceAccount.Metadata.Annotations ?? new Dictionary<string, string>();
        annotations.TryGetValue(IrsaAnnotations.RoleArn, out var annotatedRole);
        var saName = $"{serviceAccount.Metadata.NamespaceProperty}/{serviceAccount.Metadata.Name}";

        var roleArn = string.IsNullOrEmpty(aws.RoleArn) ? annotatedRole : aws.RoleArn;
        if (string.IsNullOrEmpty(roleArn))
        {
            return ExchangeFailure.InvalidSpec(
                $"No role: spec.provider.aws.roleArn is empty and ServiceAccount {saName} has no {IrsaAnnotations.RoleArn} annotation.");
        }

        if (!allowIdentityOverride && !string.IsNullOrEmpty(aws.RoleArn) && aws.RoleArn != annotatedRole)
        {
            return ExchangeFailure.InvalidSpec(
                $"spec.provider.aws.roleArn {aws.RoleArn} differs from ServiceAccount {saName}'s {IrsaAnnotations.RoleArn} " +
                $"annotation ({annotatedRole ?? "absent"}); a DelegatedCredential may only use its ServiceAccount's own role " +
                "unless the operator runs with Operator:AllowIdentityOverride=true.");
        }

        if (!RoleArn.TryParse(roleArn, out var parsedRole, out var roleError))
        {
            return ExchangeFailure.InvalidSpec($"role '{roleArn}' {roleError}.");
        }

        if (!CredentialLifetime.TryParseTtl(credential.Spec, out var ttl, out var ttlError))
        {
            return ExchangeFailure.InvalidSpec(ttlError);
        }

        annotations.TryGetValue(IrsaAnnotations.Audience, out var annotatedAudience);
        var audience = FirstNonEmpty(aws.Audience, annotatedAudience, IrsaAnnotations.DefaultAudience);
        // The namespace prefix is not optional: a spec's sessionName only names the part after "<namespace>.".
        var sessionName = string.IsNullOrEmpty(aws.SessionName)
            ? RoleSessionName.For(credential.Metadata.NamespaceProperty, credential.Metadata.Name)
            : RoleSessionName.ForSpec(credential.Metadata.NamespaceProperty, aws.SessionName);
        Uri? endpoint = null;
        if (!string.IsNullOrEmpty(aws.StsEndpoint) && !Uri.TryCreate(aws.StsEndpoint, UriKind.Absolute, out endpoint))
        {
            return ExchangeFailure.InvalidSpec($"spec.provider.aws.stsEndpoint '{aws.StsEndpoint}' is not an absolute URL.");
        }

        return new AwsIdentityRequest(parsedRole, audience, NullIfEmpty(aws.Region), sessionName, ttl, endpoint);
    }

    public Task<Attempt<CloudIdentity>> ExchangeAsync(
        DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken) =>
        request is PodIdentityRequest pod
            ? podIdentity!.AssumeAsync(pod, token, cancellationToken)
            : sts.AssumeAsync((AwsIdentityRequest)request, token, cancellationToken);

    private Attempt<IdentityRequest> ResolvePodIdentity(AwsProviderSpec aws)
    {
        // The CRD refuses these too; checked again for an API server that does not run its rules.
        if ((aws.RoleArn ?? aws.Audience ?? aws.SessionName ?? aws.StsEndpoint) is not null)
        {
            return ExchangeFailure.SpecRefused(
                "spec.provider.aws.mode podIdentity: the Pod Identity association decides the role; leave roleArn, audience, sessionName and stsEndpoint empty.");
        }

        if (podIdentity?.Options is not { Enabled: true } options)
        {
            return ExchangeFailure.InvalidSpec(
                "spec.provider.aws.mode podIdentity needs the operator to know its EKS cluster: set Operator:Aws:PodIdentity:ClusterName and Region.");
        }

        return new PodIdentityRequest(options.ClusterName!, NullIfEmpty(aws.Region), options.BaseAddress);
    }

    private static string FirstNonEmpty(params string?[] values) => values.First(v => !string.IsNullOrEmpty(v))!;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
