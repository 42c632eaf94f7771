using System.Text;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Targets;

namespace Operator.Testing.Builders;

/// <summary>
/// The DelegatedCredential builder of every test tier: one valid object each, changed with <c>with</c> where a test
/// needs it. Unit tests take <see cref="Credential"/> as the reconciler sees it (uid and generation set); tests that
/// create through an API server take <see cref="ToCreate"/>, which leaves those to the server.
/// </summary>
internal static class Objects
{
    public const string Namespace = "team-a";
    public const string ServiceAccountName = "app";
    public const string Role = "arn:aws:iam::123456789012:role/app";

    /// <summary>AWS IRSA to awsCredentials (the shape of samples/minimal.yaml), as read from the cache.</summary>
    public static DelegatedCredential Credential(
        string? roleArn = null, string? ttl = null, string? secretName = null, string? audience = null, string? region = null,
        IReadOnlyDictionary<string, string>? labels = null, long generation = 1, string ns = Namespace, string name = "app-aws",
        string serviceAccount = ServiceAccountName) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-1", Generation = generation },
            Spec = new DelegatedCredentialSpec
            {
                ServiceAccountName = serviceAccount,
                Provider = new ProviderSpec { Aws = new AwsProviderSpec { RoleArn = roleArn, Audience = audience, Region = region } },
                Target = new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() },
                Ttl = ttl,
                Secret = secretName is null && labels is null ? null : new SecretSpec { Name = secretName, Labels = labels },
            },
        };

    /// <summary>The same credential as a user applies it (region us-east-1): no uid or generation, which the server sets.</summary>
    public static DelegatedCredential ToCreate(string ns, string name, string serviceAccount, string? roleArn = null, string? secretName = null,
        string? ttl = null)
    {
        var credential = Credential(roleArn, ttl, secretName, region: "us-east-1", ns: ns, name: name, serviceAccount: serviceAccount);
        credential.Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns };
        return credential;
    }

    /// <summary>A credential for <paramref name="target"/> without a provider, as the issuer hands it to a target.</summary>
    public static DelegatedCredential ForTarget(TargetSpec target, string? ttl = null) =>
        WithSpec(new DelegatedCredentialSpec { ServiceAccountName = ServiceAccountName, Target = target, Ttl = ttl });

    /// <summary>A credential named <c>app</c> with exactly <paramref name="spec"/>.</summary>
    public static DelegatedCredential WithSpec(DelegatedCredentialSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = Namespace },
        Spec = spec,
    };

    /// <summary>The credential's ServiceAccount, annotated for IRSA with <paramref name="roleArn"/> (none when null).</summary>
    public static V1ServiceAccount ServiceAccount(string? roleArn = Role, string? audience = null) =>
        ServiceAccounts.Irsa(ServiceAccountName, Namespace, roleArn, audience);

    public static IssuedCredential Issued(DateTimeOffset expiresAt, string secretValue = "s3cr3t") => new(
        new Dictionary<string, byte[]> { ["AWS_SECRET_ACCESS_KEY"] = Encoding.UTF8.GetBytes(secretValue) },
        expiresAt,
        "arn:aws:sts::123456789012:assumed-role/app/team-a.app-aws");
}
