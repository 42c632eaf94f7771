using Operator.Api.V1Alpha1;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Vault;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The five targets an AWS identity serves (operator/Credentials/Identity/ProviderTargetMatrix.cs), by the names the
/// theories give them: an http target is <c>http/</c> and its proof kind. Each spec points at the vendor emulators at
/// the address it is given; the http target with a signed GetCallerIdentity logs in to Vault's AWS auth as
/// <see cref="VaultRole"/>, signing <see cref="VaultServerId"/>.
/// </summary>
internal static class AwsTargets
{
    public const string VaultRole = "billing";
    public const string VaultServerId = "vault.example";

    public static readonly IReadOnlyList<string> Names =
        ["awsCredentials", "datadog", "singlestore", "http/awsCredentials", "http/awsSignedCallerIdentity"];

    public static TheoryData<string> All => new(Names);

    /// <summary>A name fit for a namespace: <c>http/awsCredentials</c> → <c>http-awscredentials</c>.</summary>
    public static string Slug(string target) => target.Replace('/', '-').ToLowerInvariant();

    public static TargetSpec Spec(string target, Uri vendors) => target switch
    {
        "awsCredentials" => new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() },
        "datadog" => new TargetSpec { Datadog = new DatadogTargetSpec { OrgUuid = TargetOperatorFixture.Org, Url = vendors.ToString() } },
        "singlestore" => new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec
            {
                Kind = SingleStoreJwtKind.Database,
                WorkspaceGroupId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                ServerUrl = vendors.ToString(),
            },
        },
        "http/awsCredentials" => new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(vendors, AwsLoginEmulator.Path.TrimStart('/')).ToString(),
                Proof = new HttpProof { Kind = HttpProofKind.AwsCredentials },
                Response = new HttpResponseMapping { TokenPath = "api_key", TokenKey = "api-key", ExpiresAtPath = "expires_at" },
            },
        },
        "http/awsSignedCallerIdentity" => new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(vendors, VaultAwsAuthEmulator.Path.TrimStart('/')).ToString(),
                Proof = new HttpProof
                {
                    Kind = HttpProofKind.AwsSignedCallerIdentity,
                    SignedHeaders = new Dictionary<string, string> { [VaultAwsAuthEmulator.ServerIdHeader] = VaultServerId },
                },
                StaticFields = new Dictionary<string, string> { ["role"] = VaultRole },
                Response = new HttpResponseMapping { TokenPath = "auth.client_token", ExpiresInPath = "auth.lease_duration" },
            },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "not an AWS target"),
    };
}
