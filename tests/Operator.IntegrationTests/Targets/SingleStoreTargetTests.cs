using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets.SingleStore;

namespace Operator.IntegrationTests.Targets;

/// <summary>The singlestore target against the SingleStore emulator, which checks the AWS credentials with STS.</summary>
public sealed class SingleStoreTargetTests : IClassFixture<TargetEmulators>
{
    private readonly TargetEmulators _clouds;
    private readonly SingleStoreTarget _target = new([new AwsSingleStoreIdentityProof()]);

    public SingleStoreTargetTests(TargetEmulators clouds)
    {
        _clouds = clouds;
        clouds.Reset();
    }

    private TargetSpec Spec(SingleStoreJwtKind kind = SingleStoreJwtKind.Database) => new()
    {
        SingleStore = new SingleStoreTargetSpec
        {
            Kind = kind,
            WorkspaceGroupId = kind == SingleStoreJwtKind.Database ? "3fa85f64-5717-4562-b3fc-2c963f66afa6" : null,
            ServerUrl = _clouds.Host.BaseAddress.ToString(),
        },
    };

    [Fact]
    public async Task Issue_DatabaseJwt_IsSignedForTheCallerArn_AndARefreshGetsANewJwt()
    {
        var identity = _clouds.Identity("analytics-singlestore");

        var first = await Issued.ValueAsync(_target, _clouds.Context(Spec(), identity));
        var second = await Issued.ValueAsync(_target, _clouds.Context(Spec(), identity));

        Assert.Equal(["expiration", "jwt"], first.Data.Keys.Order(StringComparer.Ordinal));
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(Issued.Text(first, "jwt"), new TokenValidationParameters
        {
            IssuerSigningKey = _clouds.SingleStore.PublicKey,
            ValidateIssuer = false,
            ValidateAudience = false,
        });
        Assert.True(validated.IsValid, "the jwt verifies with the emulator's key");
        Assert.Equal(identity.Principal, validated.Claims["sub"]);
        Assert.Equal("database", validated.Claims["jwtType"]);
        Assert.Equal(((JsonWebToken)validated.SecurityToken).ValidTo, first.ExpiresAt.UtcDateTime);
        Assert.False(Issued.Text(first, "jwt") == Issued.Text(second, "jwt"), "a refresh brings a new jwt");
        var request = _clouds.SingleStore.Requests[^1];
        Assert.Equal(("POST", "3fa85f64-5717-4562-b3fc-2c963f66afa6", 0L), (request.Method, request.WorkspaceGroupId, request.ContentLength));
    }

    [Fact]
    public async Task Issue_ApiJwtWithExpiresAt_TakesTheExpiryFromTheAnswer()
    {
        _clouds.SingleStore.IncludeExpiresAt = true;
        _clouds.SingleStore.TokenExpiry = TimeSpan.FromMinutes(42);

        var issued = await Issued.ValueAsync(_target, _clouds.Context(Spec(SingleStoreJwtKind.Api), _clouds.Identity("analytics")));

        Assert.Equal("api", _clouds.SingleStore.Requests[^1].JwtType);
        Assert.InRange(issued.ExpiresAt - _clouds.Time.GetUtcNow(), TimeSpan.FromMinutes(41), TimeSpan.FromMinutes(42));
        _clouds.SingleStore.TokenExpiry = TimeSpan.FromHours(1);
    }

    [Fact]
    public async Task Issue_CredentialsStsDoesNotKnow_IsIdentityDeniedWith401()
    {
        var unknown = _clouds.UnknownIdentity("analytics");

        var failure = await Issued.FailureAsync(_target, _clouds.Context(Spec(), unknown),
            CredentialReasons.IdentityDenied, "HTTP 401");

        Assert.Equal("singlestore refused the exchange: HTTP 401 (Unauthorized).", failure.Message);
    }

    [Fact]
    public async Task Issue_WrongSecretKey_IsIdentityDenied()
    {
        var forged = _clouds.ForgedIdentity("analytics");

        var failure = await Issued.FailureAsync(_target, _clouds.Context(Spec(), forged),
            CredentialReasons.IdentityDenied, "HTTP 401 (Unauthorized).");

        Assert.DoesNotContain("forged-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_FailVerificationFlag_IsIdentityDenied()
    {
        _clouds.SingleStore.FailVerification = true;

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("analytics")),
            CredentialReasons.IdentityDenied, "HTTP 401");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    public async Task Issue_ReturnErrorFlag_IsExchangeFailedWithTheStatus(int status)
    {
        _clouds.SingleStore.ReturnError = status;

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("analytics")),
            CredentialReasons.ExchangeFailed, $"HTTP {status}");
    }

    [Fact]
    public async Task Issue_EmptyJwt_IsExchangeFailed()
    {
        _clouds.SingleStore.ReturnEmptyJwt = true;

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("analytics")),
            CredentialReasons.ExchangeFailed, "no jwt");
    }

    [Fact]
    public async Task Issue_JwtWithoutExpiry_IsExchangeFailed()
    {
        _clouds.SingleStore.Faults.Next(1, DatadogTargetTests.Json(200, """{"jwt":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}"""));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("analytics")),
            CredentialReasons.ExchangeFailed, "no expires_at");
    }

    [Fact]
    public async Task Issue_ServerSlowerThanTheTimeout_IsExchangeFailed()
    {
        _clouds.SingleStore.Faults.DelayNext(1, TimeSpan.FromSeconds(5));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("analytics"), timeout: TimeSpan.FromMilliseconds(300)), CredentialReasons.ExchangeFailed, "did not answer within");
    }

    [Fact]
    public async Task Issue_IdentityWithoutAProof_IsInvalidSpec() =>
        await Issued.FailureAsync(_target, _clouds.Context(Spec(), new ServiceAccountIdentity("system:serviceaccount:team-a:app", DateTimeOffset.MaxValue, (_, _, _) => throw new InvalidOperationException("no token is minted"))), CredentialReasons.InvalidSpec, "cannot prove a kubernetes identity");
}
