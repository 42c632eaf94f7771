using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.OpenApi;

namespace Operator.Testing.Tests.OpenApi;

public sealed class OpenApiV3DocumentsTests
{
    private static readonly OpenApiResource s_credential = new("credentials.delegated.dev", "v1alpha1", "DelegatedCredential", "delegatedcredentials", true,
        JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","properties":{"ttl":{"type":"string"}}},"metadata":{"type":"object"}}}""")!.AsObject());

    private static readonly OpenApiResource s_secret = new("", "v1", "Secret", "secrets", true, BuiltinSchemas.Secret());

    [Fact]
    public void SchemaName_ReversesCustomGroup() =>
        Assert.Equal("dev.delegated.credentials.v1alpha1.DelegatedCredential", s_credential.SchemaName);

    [Fact]
    public void SchemaName_UsesGoPackageForCore() => Assert.Equal("io.k8s.api.core.v1.Secret", s_secret.SchemaName);

    [Fact]
    public void Index_ListsEachGroupVersionWithHashedUrl()
    {
        var paths = OpenApiV3Documents.Index([s_credential, s_secret])["paths"]!.AsObject();

        Assert.Equal(["api/v1", "apis/credentials.delegated.dev/v1alpha1"], paths.Select(p => p.Key));
        Assert.Matches("^/openapi/v3/apis/credentials.delegated.dev/v1alpha1\\?hash=[0-9A-F]{128}$", paths["apis/credentials.delegated.dev/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>());
    }

    [Fact]
    public void GroupVersion_SchemaCarriesGvkAndObjectMetaReference()
    {
        var schema = OpenApiV3Documents.GroupVersion([s_credential])["components"]!["schemas"]![s_credential.SchemaName]!;

        Assert.Equal("""[{"group":"credentials.delegated.dev","kind":"DelegatedCredential","version":"v1alpha1"}]""", schema["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", schema["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.Equal("string", schema["properties"]!["spec"]!["properties"]!["ttl"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void GroupVersion_PatchOperationAcceptsFieldValidation()
    {
        var document = OpenApiV3Documents.GroupVersion([s_credential]);

        var patch = document["paths"]!["/apis/credentials.delegated.dev/v1alpha1/namespaces/{namespace}/delegatedcredentials/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        Assert.Equal("DelegatedCredential", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void GroupVersion_DoesNotChangeTheGivenSchema()
    {
        _ = OpenApiV3Documents.GroupVersion([s_credential]);

        Assert.Equal("object", s_credential.Schema["properties"]!["metadata"]!["type"]!.GetValue<string>());
    }
}
