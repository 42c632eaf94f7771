using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Tests.Credentials.Identity;

public sealed class ServiceAccountConsentTests
{
    [Theory]
    [InlineData("*", true)]
    [InlineData("app-aws", true)]
    [InlineData(" ci-token ,app-aws ", true)]
    [InlineData("ci-token,*", true)]
    [InlineData("", false)]
    [InlineData(",", false)]
    [InlineData("App-Aws", false)]
    [InlineData("app-aws-2", false)]
    [InlineData("app", false)]
    [InlineData("app-aws*", false)]
    [InlineData("ci-token app-aws", false)]
    public void Allows_ExactNamesOrStar(string annotation, bool allowed) =>
        Assert.Equal(allowed, ServiceAccountConsent.Allows(annotation, "app-aws"));

    [Fact]
    public void NotRequired_AllowsAnAccountWithoutTheAnnotation() =>
        Assert.Null(new ServiceAccountConsent(required: false).Check(Objects.Credential(), ServiceAccounts.Irsa("app", "team-a", null, allowedCredentials: null)));

    [Fact]
    public void Required_NamesTheAnnotationAndTheCredential_InTheRefusal()
    {
        var refusal = new ServiceAccountConsent(required: true).Check(Objects.Credential(), ServiceAccounts.Irsa("app", "team-a", null, allowedCredentials: null))!;

        Assert.Equal("NotPermitted", refusal.Reason);
        Assert.Contains("credentials.delegated.dev/allowed-credentials", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceAccount team-a/app", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoAnnotation_TheRefusalCarriesTheCommandThatConsents()
    {
        var refusal = new ServiceAccountConsent(required: true).Check(Objects.Credential(), ServiceAccounts.Irsa("app", "team-a", null, allowedCredentials: null))!;

        Assert.Contains("run: kubectl -n team-a annotate serviceaccount app credentials.delegated.dev/allowed-credentials=app-aws ", refusal.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void OtherNamesOnly_TheRefusalNamesTheCredentialAndTheCommand_WithoutEchoingTheAnnotation()
    {
        var refusal = new ServiceAccountConsent(required: true).Check(Objects.Credential(), ServiceAccounts.Irsa("app", "team-a", null, allowedCredentials: "ci-token"))!;

        Assert.Contains("does not name \"app-aws\"", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("kubectl -n team-a annotate --overwrite serviceaccount app credentials.delegated.dev/allowed-credentials=<its current names>,app-aws",
            refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ci-token", refusal.Message, StringComparison.Ordinal);
    }
}
