using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Aws.PodIdentity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Tls;
using Operator.Hosting;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.EksAuth;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Tests.Credentials.Aws;

/// <summary>
/// The operator's EKS Auth client against the EKS Auth emulator, through the operator's cloud handlers (host policy,
/// the emulator's CA), signed with an IAM user's key read from a shared-credentials file. Only loopback is dialled.
/// </summary>
public sealed class AssumeRoleForPodIdentityTests : IAsyncLifetime
{
    private const string Cluster = "prod-1";
    private static readonly CustomRootTrust s_emulatorCa = new(new X509Certificate2Collection(CloudCertificateAuthority.Shared.Certificate), alsoSystemRoots: false);
    private readonly OidcIssuer _issuer = new("cluster", TimeProvider.System);
    private readonly StsEmulator _sts = new(TimeProvider.System);
    private readonly string _directory = Directory.CreateTempSubdirectory("pod-identity-").FullName;
    private EksAuthEmulator _eks = null!;
    private CloudHost _host = null!;
    private IssuedCredential _operatorKey = null!;

    private string RoleArn => $"arn:aws:iam::{_sts.Account}:role/reports";

    private string CredentialsFile => Path.Combine(_directory, "credentials");

    public async ValueTask InitializeAsync()
    {
        _eks = new EksAuthEmulator(_sts, TimeProvider.System, "eu-west-1");
        _host = await CloudHost.StartAsync(_issuer, _sts, _eks);
        _eks.AddCluster(Cluster, _issuer.Issuer);
        _operatorKey = _sts.AddUser("operator");
        _eks.AllowCaller(_operatorKey.AssumedRoleArn);
        _eks.Associate(Cluster, "team-a", "reports", RoleArn);
        await File.WriteAllTextAsync(CredentialsFile,
            $"[operator]\naws_access_key_id = {_operatorKey.AccessKeyId}\naws_secret_access_key = {_operatorKey.SecretAccessKey}\n",
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _sts.Dispose();
        _issuer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private AssumeRoleForPodIdentity Client(string region = "eu-west-1", string profile = "operator", HostPolicy? policy = null) => new(
        new PodIdentityOptions { ClusterName = Cluster, Region = region, Endpoint = _host.BaseAddress, CredentialsFile = CredentialsFile, Profile = profile },
        CredentialServiceCollectionExtensions.CloudHandlers(s_emulatorCa, policy ?? new HostPolicy(new HostPolicyOptions { AllowedHosts = ["127.0.0.1"] })));

    private string Token(string sa = "reports", string audience = "pods.eks.amazonaws.com", TimeSpan? lifetime = null) =>
        _issuer.IssueToken($"system:serviceaccount:team-a:{sa}", [audience], lifetime ?? TimeSpan.FromMinutes(10));

    private async Task<Attempt<CloudIdentity>> AssumeAsync(string token, AssumeRoleForPodIdentity? client = null, Uri? endpoint = null)
    {
        using var owned = client is null ? Client() : null;
        var request = new PodIdentityRequest(Cluster, "us-west-2", endpoint ?? _host.BaseAddress);
        return await (client ?? owned!).AssumeAsync(request, new ServiceAccountToken(token, DateTimeOffset.UtcNow.AddMinutes(10)), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AValidToken_GivesTheAssociationsRoleCredentials_ThatStsRecognises()
    {
        var attempt = await AssumeAsync(Token());

        Assert.Null(attempt.Failure);
        var identity = Assert.IsType<AwsCloudIdentity>(attempt.Value);
        var grant = Assert.Single(_eks.Grants);
        Assert.Equal($"{grant.Credential.AssumedRoleArn} (Pod Identity association {grant.Association.AssociationId})", identity.Principal);
        Assert.Equal("aws", identity.Provider);
        Assert.Equal("us-west-2", identity.Region);
        Assert.Equal(grant.Credential.AccessKeyId, identity.Credentials.AccessKeyId);
        Assert.Equal(grant.Credential.SecretAccessKey, identity.Credentials.SecretAccessKey);
        Assert.Equal(grant.Credential.SessionToken, identity.Credentials.SessionToken);
        Assert.Equal(grant.Credential.Expiration, identity.ExpiresAt);
        Assert.Equal(_operatorKey.AssumedRoleArn, grant.CallerArn);
        var (caller, error) = new CallerIdentityLookup(_sts, TimeProvider.System).Lookup(
            identity.Credentials.AccessKeyId, identity.Credentials.SecretAccessKey, identity.Credentials.SessionToken);
        Assert.Null(error);
        Assert.Equal(grant.Credential.AssumedRoleArn, caller!.Arn);
        Assert.DoesNotContain(identity.Credentials.SecretAccessKey, identity.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAssociation_IsIdentityDenied_NamingResourceNotFound()
    {
        var attempt = await AssumeAsync(Token(sa: "other"));

        Assert.Equal(CredentialReasons.IdentityDenied, attempt.Failure?.Reason);
        Assert.Contains("ResourceNotFoundException (HTTP 404)", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongAudience_IsIdentityDenied_NamingInvalidToken()
    {
        var attempt = await AssumeAsync(Token(audience: "sts.amazonaws.com"));

        Assert.Equal(CredentialReasons.IdentityDenied, attempt.Failure?.Reason);
        Assert.Contains("InvalidTokenException", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperatorWithoutThePermission_IsIdentityDenied_NamingAccessDenied()
    {
        var stranger = _sts.AddUser("stranger");
        await File.AppendAllTextAsync(CredentialsFile,
            $"[stranger]\naws_access_key_id = {stranger.AccessKeyId}\naws_secret_access_key = {stranger.SecretAccessKey}\n", TestContext.Current.CancellationToken);
        using var client = Client(profile: "stranger");

        var attempt = await AssumeAsync(Token(), client);

        Assert.Equal(CredentialReasons.IdentityDenied, attempt.Failure?.Reason);
        Assert.Contains("AccessDeniedException", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignatureForAnotherRegion_IsExchangeFailed_NamingInvalidSignature()
    {
        using var client = Client(region: "us-east-1");

        var attempt = await AssumeAsync(Token(), client);

        Assert.Equal(CredentialReasons.ExchangeFailed, attempt.Failure?.Reason);
        Assert.Contains("InvalidSignatureException", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingProfile_IsExchangeFailed()
    {
        using var client = Client(profile: "absent");

        var attempt = await AssumeAsync(Token(), client);

        Assert.Equal(CredentialReasons.ExchangeFailed, attempt.Failure?.Reason);
        Assert.Contains("no usable profile 'absent'", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttled_IsExchangeFailed_WithRetryAfter_AndTheBodyIsNotRead()
    {
        _eks.Faults.Next(1, new CloudFault(TimeSpan.Zero, async context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers["x-amzn-ErrorType"] = "ThrottlingException";
            context.Response.Headers.RetryAfter = "7";
            await context.Response.WriteAsync("{\"message\":\"echo AKIASECRETECHO\"}", context.RequestAborted);
        }));

        var attempt = await AssumeAsync(Token());

        Assert.Equal(CredentialReasons.ExchangeFailed, attempt.Failure?.Reason);
        Assert.Equal(TimeSpan.FromSeconds(7), attempt.Failure!.RetryAfter);
        Assert.Contains("ThrottlingException (HTTP 429)", attempt.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIASECRETECHO", attempt.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerWithoutCredentials_IsExchangeFailed()
    {
        _eks.Faults.Next(1, new CloudFault(TimeSpan.Zero, context => context.Response.WriteAsync("{\"credentials\":{}}", context.RequestAborted)));

        var attempt = await AssumeAsync(Token());

        Assert.Equal(CredentialReasons.ExchangeFailed, attempt.Failure?.Reason);
        Assert.Contains("without credentials", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableEndpoint_IsExchangeFailed()
    {
        var closed = new Uri($"https://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");

        var attempt = await AssumeAsync(Token(), endpoint: closed);

        Assert.Equal(CredentialReasons.ExchangeFailed, attempt.Failure?.Reason);
        Assert.Contains("Could not call EKS Auth", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackNotAllowed_IsRefusedByTheHostPolicy_WithoutDialling()
    {
        using var client = Client(policy: new HostPolicy(new HostPolicyOptions()));

        var attempt = await AssumeAsync(Token(), client);

        Assert.True(attempt.Failure?.RefusedByHostPolicy);
        Assert.Empty(_eks.Calls);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
