using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.KubeApi.Tokens;

namespace Operator.Testing.Tests.Tokens;

public sealed class TokenRequestEndpointTests : IDisposable
{
    private const string Issuer = "https://127.0.0.1:6443";
    private static readonly DateTimeOffset s_now = new(2026, 8, 5, 12, 34, 56, TimeSpan.Zero);
    private readonly ServiceAccountSigningKey _key = new();
    private readonly InMemoryObjects _objects = new();
    private readonly TokenRequestEndpoint _endpoint;

    public TokenRequestEndpointTests()
    {
        _objects.Add("serviceaccounts", "team-a", "app", "sa-uid");
        _objects.Add("secrets", "team-a", "app-token", "secret-uid");
        _endpoint = new TokenRequestEndpoint(new ServiceAccountTokenIssuer(_key, Issuer), [Issuer], _objects, new FakeTimeProvider(s_now));
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Create_EmptySpec_DefaultsAudienceToIssuerAndLifetimeToOneHour()
    {
        var created = Created(Request("{}"));

        Assert.Equal(3600, created["spec"]!["expirationSeconds"]!.GetValue<long>());
        Assert.Equal(Issuer, created["spec"]!["audiences"]![0]!.GetValue<string>());
        Assert.Equal("2026-08-05T13:34:56Z", created["status"]!["expirationTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Create_EchoesRequestWithServiceAccountMetadata()
    {
        var created = Created(Request("""{"audiences":["sts.amazonaws.com"],"expirationSeconds":900}"""));

        Assert.Equal("app", created["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("team-a", created["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("sa-uid", created["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("2026-08-05T12:34:56Z", created["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(900, created["spec"]!["expirationSeconds"]!.GetValue<long>());
    }

    [Fact]
    public void Token_HeaderIsRs256WithKeyIdAndNoType()
    {
        var header = Decode(Token(Created(Request("{}"))).Split('.')[0]);

        Assert.Equal($$"""{"alg":"RS256","kid":"{{_key.KeyId}}"}""", header);
    }

    [Fact]
    public void Token_ClaimsAreKubernetesShapeWithSortedKeys()
    {
        var token = Token(Created(Request("""{"audiences":["sts.amazonaws.com"],"expirationSeconds":3600}""")));
        var payload = JsonNode.Parse(Decode(token.Split('.')[1]))!.AsObject();

        Assert.Equal(["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"], payload.Select(p => p.Key));
        Assert.Equal("""["sts.amazonaws.com"]""", payload["aud"]!.ToJsonString());
        Assert.Equal(s_now.ToUnixTimeSeconds(), payload["iat"]!.GetValue<long>());
        Assert.Equal(s_now.ToUnixTimeSeconds(), payload["nbf"]!.GetValue<long>());
        Assert.Equal(s_now.ToUnixTimeSeconds() + 3600, payload["exp"]!.GetValue<long>());
        Assert.Equal(Issuer, payload["iss"]!.GetValue<string>());
        Assert.True(Guid.TryParse(payload["jti"]!.GetValue<string>(), out _));
        Assert.Equal("system:serviceaccount:team-a:app", payload["sub"]!.GetValue<string>());
        Assert.Equal("""{"namespace":"team-a","serviceaccount":{"name":"app","uid":"sa-uid"}}""", payload["kubernetes.io"]!.ToJsonString());
    }

    [Fact]
    public void Token_BoundToSecret_NamesTheSecretInKubernetesClaim()
    {
        var token = Token(Created(Request("""{"boundObjectRef":{"apiVersion":"v1","kind":"Secret","name":"app-token","uid":"secret-uid"}}""")));
        var payload = JsonNode.Parse(Decode(token.Split('.')[1]))!;

        Assert.Equal("""{"name":"app-token","uid":"secret-uid"}""", payload["kubernetes.io"]!["secret"]!.ToJsonString());
    }

    [Fact]
    public async Task Token_SignatureVerifiesAgainstServedJwks()
    {
        var token = Token(Created(Request("""{"audiences":["sts.amazonaws.com"]}""")));
        var jwks = new JsonWebKeySet(OpenIdMetadata.Jwks(_key).ToJsonString());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = Issuer,
            ValidAudience = "sts.amazonaws.com",
            ValidateLifetime = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Theory]
    [InlineData(599, "may not specify a duration less than 10 minutes")]
    [InlineData(4294967297, "may not specify a duration larger than 2^32 seconds")]
    public void Create_ExpirationOutOfRange_IsInvalid(long seconds, string detail)
    {
        var rejection = Rejected(Request($$"""{"expirationSeconds":{{seconds}}}"""));

        Assert.Equal(422, rejection.Code);
        Assert.Equal($"TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: {seconds}: {detail}", rejection.Message);
        Assert.Equal("spec.expirationSeconds", rejection.ToStatus()["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public void Create_MissingServiceAccount_IsNotFound()
    {
        var rejection = _endpoint.Create("team-a", "ghost", Request("{}")).Rejection!;

        Assert.Equal(404, rejection.Code);
        Assert.Equal("serviceaccounts \"ghost\" not found", rejection.Message);
    }

    [Fact]
    public void Create_BodyNameDiffersFromUrl_IsInvalid()
    {
        var body = Request("{}");
        body["metadata"] = new JsonObject { ["name"] = "other" };

        var rejection = Rejected(body);

        Assert.Equal(422, rejection.Code);
        Assert.Equal("TokenRequest.authentication.k8s.io \"app\" is invalid: metadata.name: Invalid value: \"other\": must match the service account name if specified", rejection.Message);
    }

    [Fact]
    public void Create_BodyNamespaceDiffersFromUrl_IsInvalid()
    {
        var body = Request("{}");
        body["metadata"] = new JsonObject { ["namespace"] = "team-b" };

        Assert.Equal(422, Rejected(body).Code);
    }

    [Fact]
    public void Create_BoundToUnsupportedKind_IsBadRequest()
    {
        var rejection = Rejected(Request("""{"boundObjectRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}}"""));

        Assert.Equal(400, rejection.Code);
        Assert.Equal("cannot bind token to object of type apps/v1, Kind=Deployment", rejection.Message);
    }

    [Fact]
    public void Create_BoundSecretMissing_IsNotFound()
    {
        var rejection = Rejected(Request("""{"boundObjectRef":{"apiVersion":"v1","kind":"Secret","name":"gone"}}"""));

        Assert.Equal((404, "secrets \"gone\" not found"), (rejection.Code, rejection.Message));
    }

    [Fact]
    public void Create_BoundSecretUidDiffers_IsConflict()
    {
        var rejection = Rejected(Request("""{"boundObjectRef":{"apiVersion":"v1","kind":"Secret","name":"app-token","uid":"old"}}"""));

        Assert.Equal(409, rejection.Code);
        Assert.StartsWith("Operation cannot be fulfilled on Secret \"app-token\": the UID in the bound object reference (old)", rejection.Message);
    }

    private static JsonObject Request(string spec) => new()
    {
        ["apiVersion"] = "authentication.k8s.io/v1",
        ["kind"] = "TokenRequest",
        ["spec"] = JsonNode.Parse(spec),
    };

    private JsonObject Created(JsonObject request)
    {
        var result = _endpoint.Create("team-a", "app", request);
        Assert.Null(result.Rejection);
        return result.Created!;
    }

    private TokenRequestRejection Rejected(JsonObject request) =>
        _endpoint.Create("team-a", "app", request).Rejection ?? throw new InvalidOperationException("expected a rejection");

    private static string Token(JsonObject created) => created["status"]!["token"]!.GetValue<string>();

    private static string Decode(string segment) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment));

    private sealed class InMemoryObjects : ITokenRequestObjects
    {
        private readonly Dictionary<(string, string?, string), JsonObject> _objects = [];

        public void Add(string resource, string? ns, string name, string uid) =>
            _objects[(resource, ns, name)] = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["uid"] = uid } };

        public JsonObject? Find(string resource, string? namespaceName, string name) =>
            _objects.GetValueOrDefault((resource, namespaceName, name));
    }
}
