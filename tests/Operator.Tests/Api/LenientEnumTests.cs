using System.Text.Json.Nodes;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Validation;
using Operator.Runtime;

namespace Operator.Tests.Api;

/// <summary>
/// An enum value this build does not know (a newer CRD's, or one a hand-edited CRD admitted) is read, not thrown on,
/// and the validator refuses it naming the field (Api/V1Alpha1/LenientEnumConverter).
/// </summary>
public sealed class LenientEnumTests
{
    [Fact]
    public void UnknownProofKind_IsReadAsUnrecognized_AndTheRestOfTheObjectStillReads()
    {
        var credential = Read("samples/http-aws-login.yaml", s => s["target"]!["http"]!["proof"]!["kind"] = "password");

        Assert.Equal(HttpProofKind.Unrecognized, credential.Spec.Target.Http!.Proof.Kind);
        Assert.Equal("https://gpu-reservations.example.com/aws-login", credential.Spec.Target.Http.Url);
    }

    [Theory]
    [InlineData("\"Job\"")]
    [InlineData("\"deployment\"")]
    [InlineData("7")]
    [InlineData("null")]
    [InlineData("{\"nested\":[1,2]}")]
    [InlineData("[\"Deployment\"]")]
    public void AnythingButAKnownName_IsUnrecognized_AndTheReaderMovesPastIt(string kind)
    {
        var credential = Read("samples/datadog.yaml", s => s["restartOnRotation"]![0]!["kind"] = JsonNode.Parse(kind));

        var workload = Assert.Single(credential.Spec.RestartOnRotation!);
        Assert.Equal(WorkloadKind.Unrecognized, workload.Kind);
        Assert.Equal("ray-head", workload.Name);
    }

    [Fact]
    public void KnownNames_RoundTrip_AndAnAbsentOptionalKindStaysAbsent()
    {
        var singlestore = Read("samples/singlestore.yaml", _ => { });
        Assert.Equal(SingleStoreJwtKind.Database, singlestore.Spec.Target.SingleStore!.Kind);
        Assert.Equal("database", (string?)Json(singlestore)["spec"]!["target"]!["singlestore"]!["kind"]);

        var withoutKind = Read("samples/singlestore.yaml", s => s["target"]!["singlestore"]!.AsObject().Remove("kind"));
        Assert.Null(withoutKind.Spec.Target.SingleStore!.Kind);
        Assert.Null(Json(withoutKind)["spec"]!["target"]!["singlestore"]!["kind"]);
    }

    [Fact]
    public void Unrecognized_SurvivesTheCachesCopy()
    {
        var credential = Read("samples/singlestore.yaml", s => s["target"]!["singlestore"]!["kind"] = "warehouse");

        var copy = ModelJson.Clone(credential);

        Assert.Equal(SingleStoreJwtKind.Unrecognized, copy.Spec.Target.SingleStore!.Kind);
        Assert.Equal("", (string?)Json(credential)["spec"]!["target"]!["singlestore"]!["kind"]);
    }

    [Fact]
    public void Validator_RefusesEachUnknownKind_NamingItsFieldAndTheKnownValues()
    {
        var http = Read("samples/http-aws-login.yaml", s => s["target"]!["http"]!["proof"]!["kind"] = "password");
        var datadog = Read("samples/datadog.yaml", s => s["restartOnRotation"]![0]!["kind"] = "Job");
        var singlestore = Read("samples/singlestore.yaml", s => s["target"]!["singlestore"]!["kind"] = "warehouse");

        var proof = Assert.Single(DelegatedCredentialValidator.Validate(http.Spec), v => v.Field == "spec.target.http.proof.kind");
        Assert.Contains("awsCredentials, awsSignedCallerIdentity, serviceAccountToken", proof.Message, StringComparison.Ordinal);
        var workload = Assert.Single(DelegatedCredentialValidator.Validate(datadog.Spec));
        Assert.Equal("spec.restartOnRotation[0].kind", workload.Field);
        Assert.Contains("Deployment, StatefulSet, DaemonSet", workload.Message, StringComparison.Ordinal);
        var kind = Assert.Single(DelegatedCredentialValidator.Validate(singlestore.Spec));
        Assert.Equal("spec.target.singlestore.kind", kind.Field);
        Assert.Equal("InvalidSpec", DelegatedCredentialValidator.Check(singlestore.Spec)!.Reason);
    }

    private static DelegatedCredential Read(string sample, Action<JsonObject> mutate)
    {
        var obj = CrdDocument.Sample(sample);
        mutate((JsonObject)obj["spec"]!);
        return KubernetesJson.Deserialize<DelegatedCredential>(obj.ToJsonString());
    }

    private static JsonNode Json(DelegatedCredential credential) => JsonNode.Parse(KubernetesJson.Serialize(credential))!;
}
