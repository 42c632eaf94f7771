using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets.Http;

namespace Operator.Tests.Credentials.Targets;

public sealed class HttpProofBodyTests
{
    private readonly TargetContexts _contexts = new();

    private static DelegatedCredentialSpec Spec(HttpProof proof) =>
        new() { ServiceAccountName = "app", Target = new TargetSpec { Http = new HttpTargetSpec { Url = "https://x", Proof = proof } } };

    [Fact]
    public async Task AwsCredentials_DefaultNames_AreTheAwsLoginOnes()
    {
        var proof = new HttpProof { Kind = HttpProofKind.AwsCredentials };

        var body = await HttpProofBody.BuildAsync(_contexts.For(Spec(proof), TargetContexts.Aws()), proof, TestContext.Current.CancellationToken);

        Assert.Equal(["aws_access_key_id", "aws_secret_access_key", "aws_session_token"], body.Value!.Fields.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal("ASIAEXAMPLE", (string?)body.Value.Fields["aws_access_key_id"]);
        Assert.Null(body.Value.BearerToken);
    }

    [Fact]
    public async Task AwsCredentials_CustomNames_AreUsed()
    {
        var proof = new HttpProof { Kind = HttpProofKind.AwsCredentials, FieldNames = new HttpProofFieldNames { AccessKeyId = "key", SecretAccessKey = "secret", SessionToken = "token" } };

        var body = await HttpProofBody.BuildAsync(_contexts.For(Spec(proof), TargetContexts.Aws()), proof, TestContext.Current.CancellationToken);

        Assert.Equal(["key", "secret", "token"], body.Value!.Fields.Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ServiceAccountToken_IsABearerForTheAudience_AndNotInTheBodyByDefault()
    {
        var proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "https://login.example.com" };
        var identity = TargetContexts.ServiceAccount();

        var body = await HttpProofBody.BuildAsync(_contexts.For(Spec(proof), identity), proof, TestContext.Current.CancellationToken);

        Assert.Equal("sa-token-for-https://login.example.com", body.Value!.BearerToken);
        Assert.Empty(body.Value.Fields);
        Assert.Equal([("https://login.example.com", ServiceAccountTokens.ExchangeLifetime)], _contexts.Minted);
    }

    [Fact]
    public async Task ServiceAccountToken_WithAFieldName_IsAlsoInTheBody()
    {
        var proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "aud", FieldNames = new HttpProofFieldNames { Token = "jwt" } };

        var body = await HttpProofBody.BuildAsync(_contexts.For(Spec(proof), TargetContexts.ServiceAccount()), proof, TestContext.Current.CancellationToken);

        Assert.Equal("sa-token-for-aud", (string?)body.Value!.Fields["jwt"]);
    }

    [Theory]
    [InlineData(HttpProofKind.AwsCredentials)]
    [InlineData(HttpProofKind.AwsSignedCallerIdentity)]
    public async Task AwsProof_WithoutAnAwsIdentity_IsInvalidSpec(HttpProofKind kind)
    {
        var proof = new HttpProof { Kind = kind };
        var identity = TargetContexts.ServiceAccount();

        var body = await HttpProofBody.BuildAsync(_contexts.For(Spec(proof), identity), proof, TestContext.Current.CancellationToken);

        Assert.Equal(CredentialReasons.InvalidSpec, body.Failure?.Reason);
    }

    [Fact]
    public void ToString_ShowsFieldNamesOnly()
    {
        var text = new HttpProofBody(new System.Text.Json.Nodes.JsonObject { ["aws_secret_access_key"] = "s3cr3t" }, "bearer-value").ToString();

        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bearer-value", text, StringComparison.Ordinal);
    }
}
