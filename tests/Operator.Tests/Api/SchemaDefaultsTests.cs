using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;

namespace Operator.Tests.Api;

/// <summary>The defaults the API server fills in and the ones the model falls back to are the same.</summary>
public sealed class SchemaDefaultsTests
{
    private static JsonNode Spec => CrdDocument.OpenApiV3Schema["properties"]!["spec"]!["properties"]!;

    private static JsonNode Target => Spec["target"]!["properties"]!;

    [Fact]
    public void Ttl_DefaultsToTheModelsDefaultTtl() =>
        Assert.Equal(DelegatedCredentialSpec.DefaultTtl, GoDuration.Parse((string)Spec["ttl"]!["default"]!));

    [Fact]
    public void DatadogSite_DefaultsToTheModelsDefaultSite() =>
        Assert.Equal(DatadogTargetSpec.DefaultSite, (string?)Target["datadog"]!["properties"]!["site"]!["default"]);

    [Fact]
    public void HttpMethod_DefaultsToTheModelsDefaultMethod() =>
        Assert.Equal(HttpTargetSpec.DefaultMethod, (string?)Target["http"]!["properties"]!["method"]!["default"]);

    [Fact]
    public void SecretType_DefaultsToTheModelsDefaultType() =>
        Assert.Equal(SecretSpec.DefaultType, (string?)Spec["secret"]!["properties"]!["type"]!["default"]);

    [Fact]
    public void SingleStoreKind_DefaultsToDatabase() =>
        Assert.Equal("database", (string?)Target["singlestore"]!["properties"]!["kind"]!["default"]);

    [Fact]
    public void GcpIdTokenIncludeEmail_DefaultsToTrue() =>
        Assert.True((bool)Target["gcpIdToken"]!["properties"]!["includeEmail"]!["default"]!);
}
