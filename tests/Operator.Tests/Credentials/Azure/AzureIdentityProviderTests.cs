using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Azure;

namespace Operator.Tests.Credentials.Azure;

/// <summary>Which app, tenant, audience, authority and scope an Azure credential resolves to, without any call.</summary>
public sealed class AzureIdentityProviderTests
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string Client = "0b5f7c3e-1d2a-4c6b-9e8f-123456789abc";
    private const string OtherClient = "11111111-2222-3333-4444-555555555555";

    private static AzureIdentityProvider Provider(bool allowOverride = false, Uri? authority = null) =>
        new(new EntraTokenClient(new NoHttpClients(), TimeProvider.System), allowOverride, authority);

    internal static DelegatedCredential Credential(AzureProviderSpec? azure = null, TargetSpec? target = null) => Objects.WithSpec(new DelegatedCredentialSpec
    {
        ServiceAccountName = Objects.ServiceAccountName,
        Provider = new ProviderSpec { Azure = azure ?? new AzureProviderSpec() },
        Target = target ?? new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec { Scope = "https://storage.azure.com/.default" } },
    });

    private static V1ServiceAccount ServiceAccount(string? client = Client, string? tenant = Tenant) =>
        ServiceAccounts.AzureWorkloadIdentity(Objects.ServiceAccountName, Objects.Namespace, client, tenant);

    private static AzureIdentityRequest Resolved(Attempt<IdentityRequest> attempt)
    {
        Assert.Null(attempt.Failure);
        return Assert.IsType<AzureIdentityRequest>(attempt.Value);
    }

    [Fact]
    public void Resolve_NothingInSpec_TakesTheWebhooksAnnotations_AndEntrasDefaults()
    {
        var request = Resolved(Provider().Resolve(Credential(), ServiceAccount()));

        Assert.Equal((Tenant, Client, "api://AzureADTokenExchange"), (request.TenantId, request.ClientId, request.Audience));
        Assert.Equal(new Uri($"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/token"), request.TokenEndpoint);
        Assert.Equal("https://storage.azure.com/.default", request.Scope);
        Assert.Equal("login.microsoftonline.com", request.Endpoint);
        Assert.Equal($"{Client} (tenant {Tenant})", request.Principal);
    }

    [Fact]
    public void Resolve_SpecEqualToAnnotations_IsAccepted() =>
        Resolved(Provider().Resolve(Credential(new AzureProviderSpec { TenantId = Tenant, ClientId = Client.ToUpperInvariant() }), ServiceAccount()));

    [Theory]
    [InlineData("clientId")]
    [InlineData("tenantId")]
    public void Resolve_SpecDiffersFromAnnotation_IsInvalidSpec_UnlessOverridesAreAllowed(string field)
    {
        var azure = field == "clientId" ? new AzureProviderSpec { ClientId = OtherClient } : new AzureProviderSpec { TenantId = OtherClient };

        var refused = Provider().Resolve(Credential(azure), ServiceAccount());
        var allowed = Resolved(Provider(allowOverride: true).Resolve(Credential(azure), ServiceAccount()));

        Assert.Equal(CredentialReasons.InvalidSpec, refused.Failure?.Reason);
        Assert.Contains($"spec.provider.azure.{field} {OtherClient} differs", refused.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("AllowIdentityOverride", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Contains(OtherClient, new[] { allowed.ClientId, allowed.TenantId });
    }

    [Fact]
    public void Resolve_SpecNamesAClientTheServiceAccountDoesNotCarry_IsInvalidSpec()
    {
        var attempt = Provider().Resolve(Credential(new AzureProviderSpec { ClientId = Client }), ServiceAccount(client: null));

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.Contains("(absent)", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Tenant, "clientId")]
    [InlineData(Client, null, "tenantId")]
    public void Resolve_NoValueAnywhere_IsInvalidSpecNamingTheField(string? client, string? tenant, string field)
    {
        var attempt = Provider().Resolve(Credential(), ServiceAccount(client, tenant));

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.Contains($"spec.provider.azure.{field} is empty", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AnnotationThatIsNotAUuid_IsInvalidSpec_SoNothingReachesTheTokenPath()
    {
        var attempt = Provider().Resolve(Credential(), ServiceAccount(tenant: "../common"));

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
    }

    [Fact]
    public void Resolve_SpecAudienceAndAuthority_AreUsed()
    {
        var request = Resolved(Provider().Resolve(
            Credential(new AzureProviderSpec { Audience = "api://custom", AuthorityHost = "https://login.microsoftonline.us" }), ServiceAccount()));

        Assert.Equal("api://custom", request.Audience);
        Assert.Equal(new Uri($"https://login.microsoftonline.us/{Tenant}/oauth2/v2.0/token"), request.TokenEndpoint);
    }

    [Fact]
    public void Resolve_OperatorAuthority_ReplacesTheSpecs()
    {
        var request = Resolved(Provider(authority: new Uri("https://127.0.0.1:8443/entra")).Resolve(
            Credential(new AzureProviderSpec { AuthorityHost = "https://login.microsoftonline.us/" }), ServiceAccount()));

        Assert.Equal(new Uri($"https://127.0.0.1:8443/entra/{Tenant}/oauth2/v2.0/token"), request.TokenEndpoint);
        Assert.Equal("127.0.0.1:8443", request.Endpoint);
    }

    [Fact]
    public void Resolve_HttpAuthority_IsInvalidSpec() =>
        Assert.Equal(CredentialReasons.InvalidSpec,
            Provider().Resolve(Credential(new AzureProviderSpec { AuthorityHost = "http://login.example" }), ServiceAccount()).Failure?.Reason);

    [Fact]
    public void Resolve_Scope_FollowsTheTarget()
    {
        var defaultScope = Resolved(Provider().Resolve(Credential(target: new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec() }), ServiceAccount()));
        var singleStore = Resolved(Provider().Resolve(Credential(target: new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api } }), ServiceAccount()));

        Assert.Equal("https://management.azure.com/.default", defaultScope.Scope);
        // The resource with its slash, so aud is exactly https://management.azure.com/ (docs/protocols.md §2.3).
        Assert.Equal("https://management.azure.com//.default", singleStore.Scope);
        Assert.NotEqual(defaultScope.Fingerprint, singleStore.Fingerprint);
    }

    [Fact]
    public void Fingerprint_ChangesWithTheAnnotatedClient()
    {
        var before = Resolved(Provider().Resolve(Credential(), ServiceAccount()));
        var after = Resolved(Provider().Resolve(Credential(), ServiceAccount(client: OtherClient)));

        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    internal sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("Resolve sends nothing");
    }
}
