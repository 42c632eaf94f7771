using System.Net;
using Operator.Credentials;
using Operator.Credentials.Targets;

namespace Operator.Tests.Credentials.Targets;

public sealed class EndpointRefusalTests
{
    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, CredentialReasons.IdentityDenied)]
    [InlineData(HttpStatusCode.Forbidden, CredentialReasons.IdentityDenied)]
    [InlineData(HttpStatusCode.BadRequest, CredentialReasons.ExchangeFailed)]
    [InlineData(HttpStatusCode.NotFound, CredentialReasons.ExchangeFailed)]
    [InlineData(HttpStatusCode.TooManyRequests, CredentialReasons.ExchangeFailed)]
    [InlineData(HttpStatusCode.InternalServerError, CredentialReasons.ExchangeFailed)]
    [InlineData(HttpStatusCode.BadGateway, CredentialReasons.ExchangeFailed)]
    public void From_Status_ChoosesTheReason(HttpStatusCode status, string reason) =>
        Assert.Equal(reason, EndpointRefusal.From("svc", status).Reason);

    [Fact]
    public void From_Status_NamesTheServiceAndTheCode() =>
        Assert.Equal("datadog refused the exchange: HTTP 403 (Forbidden).", EndpointRefusal.From("datadog", HttpStatusCode.Forbidden).Message);

    [Fact]
    public void From_UnnamedStatus_GivesTheNumberOnly() =>
        Assert.Equal("svc refused the exchange: HTTP 499.", EndpointRefusal.From("svc", (HttpStatusCode)499).Message);
}
