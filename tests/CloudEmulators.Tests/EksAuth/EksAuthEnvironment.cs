using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Time.Testing;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.EksAuth;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds.EksAuth;

/// <summary>
/// One HTTPS host serving a cluster's ServiceAccount issuer, a rogue issuer, STS and EKS Auth; the cluster
/// <see cref="Cluster"/> is registered, <see cref="Caller"/> (an IAM user) may call AssumeRoleForPodIdentity, and
/// team-a/app is associated with <see cref="RoleArn"/>. Requests are signed with AWSSDK's public signer.
/// </summary>
internal sealed class EksAuthEnvironment : IAsyncDisposable
{
    public const string Cluster = "prod-1";
    public const string Namespace = "team-a";
    public const string ServiceAccount = "app";

    private EksAuthEnvironment(CloudHost host, FakeTimeProvider time, OidcIssuer issuer, OidcIssuer rogue, StsEmulator sts, EksAuthEmulator eks)
    {
        Host = host;
        Time = time;
        Issuer = issuer;
        Rogue = rogue;
        Sts = sts;
        Eks = eks;
        Http = host.CreateHttpClient();
    }

    public CloudHost Host { get; }

    public FakeTimeProvider Time { get; }

    public OidcIssuer Issuer { get; }

    public OidcIssuer Rogue { get; }

    public StsEmulator Sts { get; }

    public EksAuthEmulator Eks { get; }

    public HttpClient Http { get; }

    public IssuedCredential Caller { get; private set; } = null!;

    public PodIdentityAssociation Association { get; private set; } = null!;

    public string RoleArn => $"arn:aws:iam::{Sts.Account}:role/pod-reader";

    public static async Task<EksAuthEnvironment> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = new OidcIssuer("cluster", time);
        var rogue = new OidcIssuer("rogue", time);
        var sts = new StsEmulator(time);
        var eks = new EksAuthEmulator(sts, time);
        var host = await CloudHost.StartAsync(issuer, rogue, sts, eks);
        var environment = new EksAuthEnvironment(host, time, issuer, rogue, sts, eks);
        eks.AddCluster(Cluster, issuer.Issuer);
        environment.Caller = sts.AddUser("delegated-credentials-operator");
        eks.AllowCaller(environment.Caller.AssumedRoleArn);
        environment.Association = eks.Associate(Cluster, Namespace, ServiceAccount, environment.RoleArn);
        return environment;
    }

    public string Token(string? audience = null, string subject = $"system:serviceaccount:{Namespace}:{ServiceAccount}", TimeSpan? lifetime = null) =>
        Issuer.IssueToken(subject, [audience ?? PodIdentityTokenVerifier.Audience], lifetime ?? TimeSpan.FromMinutes(10));

    /// <summary>A request signed by AWSSDK's public SigV4 signer for <paramref name="service"/> and <paramref name="region"/>.</summary>
    public HttpRequestMessage Signed(string body, string cluster = Cluster, AWSCredentials? credentials = null,
        string service = "eks-auth", string region = "us-east-1")
    {
        var uri = new Uri(Host.BaseAddress, $"clusters/{cluster}/assume-role-for-pod-identity");
        var bytes = Encoding.UTF8.GetBytes(body);
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = bytes };
        signing.Headers["Content-Type"] = "application/json";
        signing.Headers["Host"] = uri.Authority;
        var signed = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = credentials ?? new BasicAWSCredentials(Caller.AccessKeyId, Caller.SecretAccessKey),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignPayload = true,
            SignedAt = Time.GetUtcNow().UtcDateTime,
        });
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in signed.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public static string Body(string token) => new JsonObject { ["token"] = token }.ToJsonString();

    /// <summary>Sends <paramref name="request"/>; the error type (x-amzn-ErrorType) when refused.</summary>
    public async Task<(int Status, string? ErrorType, JsonObject Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        return ((int)response.StatusCode, type, json);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Sts.Dispose();
        Issuer.Dispose();
        Rogue.Dispose();
    }
}
