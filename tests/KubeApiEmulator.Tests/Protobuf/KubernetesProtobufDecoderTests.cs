using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Protobuf;

namespace Operator.Testing.Tests.Protobuf;

/// <summary>The bodies are what kubectl 1.32 sent (captured with a logging HTTP server).</summary>
public sealed class KubernetesProtobufDecoderTests
{
    // kubectl create namespace team-a
    private const string Namespace = "6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200";

    // kubectl create serviceaccount app -n team-a
    private const string ServiceAccount = "6b3873000a140a027631120e536572766963654163636f756e74121b0a190a0361707012001a067465616d2d6122002a003200380042001a002200";

    // kubectl create secret generic s1 -n team-a --from-literal=k=v --from-literal=a=bb
    private const string Secret = "6b3873000a0c0a0276311206536563726574122d0a180a02733112001a067465616d2d6122002a0032003800420012070a01611202626212060a016b1201761a001a002200";

    // kubectl create configmap cm1 -n team-a --from-literal=k=v --from-file=bin=/dev/null
    private const string ConfigMap = "6b3873000a0f0a0276311209436f6e6669674d6170122c0a190a03636d3112001a067465616d2d6122002a0032003800420012070a0362696e120012060a016b1201761a002200";

    // kubectl create token app -n team-a --audience sts.amazonaws.com --duration 1h --bound-object-kind Secret --bound-object-name s1 --bound-object-uid u-1
    private const string TokenRequest = "6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412470a100a0012001a0022002a00320038004200122d0a117374732e616d617a6f6e6177732e636f6d1a150a06536563726574120276311a0273312203752d3120901c1a040a0012001a002200";

    [Fact]
    public void TryDecode_Namespace_GivesJsonWithoutZeroValues()
    {
        var json = Decode(Namespace);

        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{}}""", json.ToJsonString());
    }

    [Fact]
    public void TryDecode_ServiceAccount_KeepsNameAndNamespace()
    {
        var json = Decode(ServiceAccount);

        Assert.Equal("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"app","namespace":"team-a"}}""", json.ToJsonString());
    }

    [Fact]
    public void TryDecode_Secret_DataValuesBecomeBase64()
    {
        var json = Decode(Secret);

        Assert.Equal("""{"a":"YmI=","k":"dg=="}""", json["data"]!.ToJsonString());
        Assert.Null(json["type"]);
    }

    [Fact]
    public void TryDecode_ConfigMap_KeepsEmptyValues() =>
        Assert.Equal("""{"bin":"","k":"v"}""", Decode(ConfigMap)["data"]!.ToJsonString());

    [Fact]
    public void TryDecode_TokenRequest_KeepsAudiencesLifetimeAndBoundObject()
    {
        var json = Decode(TokenRequest);

        Assert.Equal("authentication.k8s.io/v1", json["apiVersion"]!.GetValue<string>());
        Assert.Equal(
            """{"audiences":["sts.amazonaws.com"],"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"s1","uid":"u-1"},"expirationSeconds":3600}""",
            json["spec"]!.ToJsonString());
    }

    [Fact]
    public void TryDecode_WithoutMagic_IsNull() =>
        Assert.Null(KubernetesProtobufDecoder.TryDecode("""{"kind":"Namespace"}"""u8));

    [Fact]
    public void TryDecode_UnknownKind_IsNull()
    {
        // The namespace body with its kind renamed "Namespacf".
        var body = Convert.FromHexString(Namespace.Replace("4e616d657370616365", "4e616d657370616366", StringComparison.Ordinal));

        Assert.Null(KubernetesProtobufDecoder.TryDecode(body));
    }

    private static JsonObject Decode(string hex) =>
        KubernetesProtobufDecoder.TryDecode(Convert.FromHexString(hex)) ?? throw new InvalidOperationException("not decoded");
}
