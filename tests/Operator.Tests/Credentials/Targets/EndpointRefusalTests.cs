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
        Assert.Equal(reason, EndpointRefusal.From("svc", status, "").Reason);

    [Fact]
    public void From_Status_NamesTheServiceAndTheCode() =>
        Assert.Equal("datadog refused the exchange: HTTP 403 (Forbidden).", EndpointRefusal.From("datadog", HttpStatusCode.Forbidden, "").Message);

    [Theory]
    [InlineData("""{"errors":["Forbidden"]}""", "Forbidden")]
    [InlineData("""{"errors":[{"title":"Unknown org","detail":"no such org"},{"title":"Second"}]}""", "Unknown org: no such org; Second")]
    [InlineData("""{"message":"cloud auth failed"}""", "cloud auth failed")]
    [InlineData("""{"error":"invalid_grant","error_description":"bad assertion"}""", "bad assertion")]
    [InlineData("""{"detail":"Invalid AWS credentials"}""", "Invalid AWS credentials")]
    [InlineData("verification failed: boom\n", "verification failed: boom")]
    [InlineData("""{"other":1}""", "")]
    public void Detail_KnownBodyShapes_GiveTheServicesMessage(string body, string expected) =>
        Assert.Equal(expected, EndpointRefusal.Detail(body));

    [Fact]
    public void Detail_LongBody_IsCutShort() =>
        Assert.True(EndpointRefusal.Detail(new string('x', 20) + " " + new string('y', 5000)).Length <= 201);

    [Theory]
    [InlineData("""{"message":"bad Authorization: Delegated QWN0aW9uPUdldENhbGxlcklkZW50aXR5JlZlcnNpb24|abcdef"}""", "QWN0aW9u")]
    [InlineData("""{"errors":["token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl rejected"]}""", "eyJhbGciOiJSUzI1NiJ9")]
    [InlineData("""{"message":"secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is wrong"}""", "wJalrXUtnFEMI")]
    public void From_BodyEchoingASecret_RedactsIt(string body, string secret)
    {
        var failure = EndpointRefusal.From("svc", HttpStatusCode.Unauthorized, body);

        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", failure.Message, StringComparison.Ordinal);
    }
}
