using Amazon.Runtime;
using Operator.Testing.Clouds.Sts;
using static Operator.Testing.Tests.Clouds.EksAuth.EksAuthEnvironment;

namespace Operator.Testing.Tests.Clouds.EksAuth;

/// <summary>
/// AssumeRoleForPodIdentity as the EKS Auth emulator serves it: the real response shape, credentials the STS emulator
/// verifies, and each refusal with the service's error type and status.
/// </summary>
public sealed class EksAuthEmulatorTests : IAsyncLifetime
{
    private EksAuthEnvironment _env = null!;

    public async ValueTask InitializeAsync() => _env = await EksAuthEnvironment.StartAsync();

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task SignedCallWithAValidToken_ReturnsTheAssociationsRoleCredentials()
    {
        var (status, type, body) = await _env.SendAsync(_env.Signed(Body(_env.Token())));

        Assert.Equal(200, status);
        Assert.Null(type);
        Assert.Equal(Namespace, (string?)body["subject"]!["namespace"]);
        Assert.Equal(ServiceAccount, (string?)body["subject"]!["serviceAccount"]);
        Assert.Equal("pods.eks.amazonaws.com", (string?)body["audience"]);
        Assert.Equal(_env.Association.AssociationArn, (string?)body["podIdentityAssociation"]!["associationArn"]);
        Assert.Equal(_env.Association.AssociationId, (string?)body["podIdentityAssociation"]!["associationId"]);
        Assert.StartsWith($"arn:aws:sts::{_env.Sts.Account}:assumed-role/pod-reader/eks-{Cluster}-{ServiceAccount}-", (string?)body["assumedRoleUser"]!["arn"]);
        Assert.StartsWith("AROA", (string?)body["assumedRoleUser"]!["assumeRoleId"]);
        var credentials = body["credentials"]!;
        var expiration = DateTimeOffset.FromUnixTimeSeconds((long)credentials["expiration"]!);
        Assert.InRange(expiration - _env.Time.GetUtcNow(), TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(6));

        // The credentials are STS's own: a GetCallerIdentity signed with them names the assumed role.
        var (caller, error) = new CallerIdentityLookup(_env.Sts, _env.Time).Lookup(
            (string)credentials["accessKeyId"]!, (string)credentials["secretAccessKey"]!, (string)credentials["sessionToken"]!);
        Assert.Null(error);
        Assert.Equal((string?)body["assumedRoleUser"]!["arn"], caller!.Arn);
        Assert.Equal(_env.Caller.AssumedRoleArn, Assert.Single(_env.Eks.Grants).CallerArn);
    }

    [Fact]
    public async Task GrantedLifetime_IsCappedBySts()
    {
        _env.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(40);

        var (_, _, body) = await _env.SendAsync(_env.Signed(Body(_env.Token())));

        Assert.Equal(_env.Time.GetUtcNow().ToUnixTimeSeconds() + 40, (long)body["credentials"]!["expiration"]!);
    }

    [Fact]
    public async Task ARoleSessionCaller_IsAllowedByItsRole()
    {
        var first = await _env.SendAsync(_env.Signed(Body(_env.Token())));
        var c = first.Body["credentials"]!;
        _env.Eks.AllowCaller(_env.RoleArn);

        var (status, _, _) = await _env.SendAsync(_env.Signed(Body(_env.Token()),
            credentials: new SessionAWSCredentials((string)c["accessKeyId"]!, (string)c["secretAccessKey"]!, (string)c["sessionToken"]!)));

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Unsigned_IsMissingAuthenticationToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_env.Host.BaseAddress, $"clusters/{Cluster}/assume-role-for-pod-identity"))
        {
            Content = new StringContent(Body(_env.Token())),
        };

        var (status, type, body) = await _env.SendAsync(request);

        Assert.Equal((403, "MissingAuthenticationTokenException"), (status, type));
        Assert.NotNull((string?)body["message"]);
    }

    [Fact]
    public async Task AnUnknownKey_IsUnrecognizedClient()
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token()),
            credentials: new BasicAWSCredentials("AKIAUNKNOWNUNKNOWN00", "not-a-secret-the-emulator-knows-0123456789")));

        Assert.Equal((403, "UnrecognizedClientException"), (status, type));
    }

    [Fact]
    public async Task AWrongSecret_IsInvalidSignature()
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token()),
            credentials: new BasicAWSCredentials(_env.Caller.AccessKeyId, "wrong" + _env.Caller.SecretAccessKey)));

        Assert.Equal((403, "InvalidSignatureException"), (status, type));
    }

    [Fact]
    public async Task ABodyChangedAfterSigning_IsInvalidSignature()
    {
        var request = _env.Signed(Body(_env.Token()));
        request.Content = new StringContent(Body(_env.Token(subject: "system:serviceaccount:team-a:other")), null, "application/json");

        var (status, type, _) = await _env.SendAsync(request);

        Assert.Equal((403, "InvalidSignatureException"), (status, type));
    }

    [Theory]
    [InlineData("sts", "us-east-1")]
    [InlineData("eks-auth", "eu-west-1")]
    public async Task AScopeForAnotherServiceOrRegion_IsInvalidSignature(string service, string region)
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token()), service: service, region: region));

        Assert.Equal((403, "InvalidSignatureException"), (status, type));
    }

    [Fact]
    public async Task ACallerWithoutThePermission_IsAccessDenied()
    {
        var stranger = _env.Sts.AddUser("stranger");

        var (status, type, body) = await _env.SendAsync(_env.Signed(Body(_env.Token()),
            credentials: new BasicAWSCredentials(stranger.AccessKeyId, stranger.SecretAccessKey)));

        Assert.Equal((400, "AccessDeniedException"), (status, type));
        Assert.Contains("eks-auth:AssumeRoleForPodIdentity", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenForAnotherAudience_IsInvalidToken()
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token(audience: "sts.amazonaws.com"))));

        Assert.Equal((400, "InvalidTokenException"), (status, type));
    }

    [Fact]
    public async Task ATokenOfAnotherIssuer_IsInvalidToken()
    {
        var token = _env.Rogue.IssueToken($"system:serviceaccount:{Namespace}:{ServiceAccount}", ["pods.eks.amazonaws.com"], TimeSpan.FromMinutes(10));

        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(token)));

        Assert.Equal((400, "InvalidTokenException"), (status, type));
    }

    [Fact]
    public async Task ATokenForgedInTheClustersName_IsInvalidToken()
    {
        var token = _env.Rogue.IssueToken($"system:serviceaccount:{Namespace}:{ServiceAccount}", ["pods.eks.amazonaws.com"], TimeSpan.FromMinutes(10),
            issuer: _env.Issuer.Issuer);

        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(token)));

        Assert.Equal((400, "InvalidTokenException"), (status, type));
    }

    [Fact]
    public async Task ATamperedToken_IsInvalidToken()
    {
        var parts = _env.Token().Split('.');
        var signature = parts[2].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';

        var (status, type, _) = await _env.SendAsync(_env.Signed(Body($"{parts[0]}.{parts[1]}.{new string(signature)}")));

        Assert.Equal((400, "InvalidTokenException"), (status, type));
    }

    [Fact]
    public async Task AnExpiredToken_IsExpiredToken()
    {
        var token = _env.Token(lifetime: TimeSpan.FromMinutes(10));
        _env.Time.Advance(TimeSpan.FromMinutes(12));

        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(token)));

        Assert.Equal((400, "ExpiredTokenException"), (status, type));
    }

    [Fact]
    public async Task AServiceAccountWithoutAnAssociation_IsResourceNotFound()
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token(subject: "system:serviceaccount:team-a:other"))));

        Assert.Equal((404, "ResourceNotFoundException"), (status, type));
    }

    [Fact]
    public async Task ARemovedAssociation_IsResourceNotFound()
    {
        _env.Eks.Disassociate(Cluster, Namespace, ServiceAccount);

        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token())));

        Assert.Equal((404, "ResourceNotFoundException"), (status, type));
    }

    [Fact]
    public async Task AnUnknownCluster_IsResourceNotFound()
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(Body(_env.Token()), cluster: "other"));

        Assert.Equal((404, "ResourceNotFoundException"), (status, type));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"token\": 5}")]
    [InlineData("not json")]
    public async Task AMalformedBody_IsInvalidRequest(string body)
    {
        var (status, type, _) = await _env.SendAsync(_env.Signed(body));

        Assert.Equal((400, "InvalidRequestException"), (status, type));
    }

    [Fact]
    public async Task RequestsAreCounted_IncludingFaults()
    {
        _env.Eks.Faults.FailNext(1, 503);
        using var first = _env.Signed(Body(_env.Token()));
        using var response = await _env.Http.SendAsync(first, TestContext.Current.CancellationToken);
        await _env.SendAsync(_env.Signed(Body(_env.Token())));

        await Eventually.TrueAsync(() => _env.Eks.Calls.Count == 2, "both calls recorded");
        Assert.Equal([503, 200], _env.Eks.Calls.Select(c => c.StatusCode));
    }
}
