using System.Text;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Targets;

namespace Operator.Tests.Credentials;

/// <summary>Test object builders: one valid object each, changed with <c>with</c> where a test needs it.</summary>
internal static class Objects
{
    public const string Role = "arn:aws:iam::123456789012:role/app";

    public static DelegatedCredential Credential(
        string? roleArn = null, string? ttl = null, string? secretName = null, string? audience = null, string? region = null,
        IReadOnlyDictionary<string, string>? labels = null, long generation = 1) => new()
        {
            Metadata = new V1ObjectMeta { Name = "app-aws", NamespaceProperty = "team-a", Uid = "uid-1", Generation = generation },
            Spec = new DelegatedCredentialSpec
            {
                ServiceAccountName = "app",
                Provider = new ProviderSpec { Aws = new AwsProviderSpec { RoleArn = roleArn, Audience = audience, Region = region } },
                Target = new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() },
                Ttl = ttl,
                Secret = secretName is null && labels is null ? null : new SecretSpec { Name = secretName, Labels = labels },
            },
        };

    public static V1ServiceAccount ServiceAccount(string? roleArn = Role, string? audience = null)
    {
        var annotations = new Dictionary<string, string>();
        if (roleArn is not null)
        {
            annotations["eks.amazonaws.com/role-arn"] = roleArn;
        }

        if (audience is not null)
        {
            annotations["eks.amazonaws.com/audience"] = audience;
        }

        return new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = annotations } };
    }

    public static IssuedCredential Issued(DateTimeOffset expiresAt, string secretValue = "s3cr3t") => new(
        new Dictionary<string, byte[]> { ["AWS_SECRET_ACCESS_KEY"] = Encoding.UTF8.GetBytes(secretValue) },
        expiresAt,
        "arn:aws:sts::123456789012:assumed-role/app/team-a.app-aws");
}
