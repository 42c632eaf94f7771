using Operator.Testing.Clouds.Oidc;

namespace Operator.Testing.Clouds.Gcp;

/// <summary>
/// A ready-made GCP workload identity federation on one HTTPS host: a cluster-style OIDC issuer, Google STS with one pool
/// provider trusting it (default audience, subjects <c>system:serviceaccount:*</c>), and IAM Credentials.
/// </summary>
internal sealed class WorkloadIdentityFederationEnvironment : IAsyncDisposable
{
    public const string ProviderName = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/k8s-pool/providers/cluster-a";

    private WorkloadIdentityFederationEnvironment(OidcIssuer issuer, GoogleStsEmulator sts, IamCredentialsEmulator iam, CloudHost host, WorkloadIdentityPoolProvider provider) =>
        (Issuer, Sts, Iam, Host, Provider) = (issuer, sts, iam, host, provider);

    public OidcIssuer Issuer { get; }

    public GoogleStsEmulator Sts { get; }

    public IamCredentialsEmulator Iam { get; }

    public CloudHost Host { get; }

    public WorkloadIdentityPoolProvider Provider { get; }

    public static async Task<WorkloadIdentityFederationEnvironment> StartAsync(TimeProvider time, params ICloudEmulator[] more)
    {
        var issuer = new OidcIssuer("cluster", time);
        var sts = new GoogleStsEmulator(time);
        var iam = new IamCredentialsEmulator(sts, time);
        var host = await CloudHost.StartAsync([issuer, sts, iam, .. more]);
        var provider = sts.AddProvider(new WorkloadIdentityPoolProvider(ProviderName, issuer.Issuer, [], ["system:serviceaccount:*"]));
        return new WorkloadIdentityFederationEnvironment(issuer, sts, iam, host, provider);
    }

    /// <summary>A ServiceAccount token for the provider's default audience (or <paramref name="audience"/>).</summary>
    public string Token(string subject = "system:serviceaccount:team-a:app", string? audience = null, TimeSpan? lifetime = null) =>
        Issuer.IssueToken(subject, [audience ?? Provider.DefaultAudience], lifetime ?? TimeSpan.FromMinutes(10));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Sts.Dispose();
        Iam.Dispose();
        Issuer.Dispose();
    }
}
