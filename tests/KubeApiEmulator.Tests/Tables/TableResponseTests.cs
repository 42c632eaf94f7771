using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Operator.Testing.KubeApi.Tables;

namespace Operator.Testing.Tests.Tables;

public sealed class TableResponseTests
{
    private static readonly FakeTimeProvider s_now = new(new DateTimeOffset(2026, 8, 5, 12, 0, 0, TimeSpan.Zero));

    private static readonly JsonObject s_crdVersion = JsonNode.Parse("""
        {"name":"v1alpha1","additionalPrinterColumns":[
          {"name":"Provider","type":"string","jsonPath":".status.provider"},
          {"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"},
          {"name":"Failures","type":"integer","jsonPath":".status.failures","priority":1},
          {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]}
        """)!.AsObject();

    private static readonly JsonObject s_credential = JsonNode.Parse("""
        {"apiVersion":"credentials.delegated.dev/v1alpha1","kind":"DelegatedCredential",
         "metadata":{"name":"dd","namespace":"team-a","creationTimestamp":"2026-08-05T11:56:40Z"},
         "status":{"provider":"aws","failures":2,"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
        """)!.AsObject();

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", true)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io", false)]
    public void IsRequested_RecognisesKubectlAcceptHeader(string? accept, bool expected) =>
        Assert.Equal(expected, TableResponse.IsRequested(accept));

    [Fact]
    public void Build_CustomResource_NameThenPrinterColumnsWithPriority()
    {
        var table = Build(s_crdVersion, null);

        var definitions = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "Provider", "Ready", "Failures", "Age"], definitions.Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal(1, definitions[3]!["priority"]!.GetValue<int>());
    }

    [Fact]
    public void Build_CustomResource_CellsFollowJsonPathsAndAgeIsHuman()
    {
        var cells = Build(s_crdVersion, null)["rows"]![0]!["cells"]!;

        Assert.Equal("""["dd","aws","True",2,"3m20s"]""", cells.ToJsonString());
    }

    [Fact]
    public void Build_MissingValue_IsNullCell()
    {
        var bare = JsonNode.Parse("""{"metadata":{"name":"x","creationTimestamp":"2026-08-05T11:59:00Z"}}""")!.AsObject();

        var cells = TableResponse.Build([bare], "credentials.delegated.dev", "delegatedcredentials", s_crdVersion, null, [], s_now)["rows"]![0]!["cells"]!;

        Assert.Equal("""["x",null,null,null,"60s"]""", cells.ToJsonString());
    }

    [Fact]
    public void Build_CrdWithoutPrinterColumns_HasNameAndAge()
    {
        var table = Build(JsonNode.Parse("""{"name":"v1"}""")!.AsObject(), null);

        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Build_DefaultIncludeObject_IsPartialObjectMetadata()
    {
        var row = Build(s_crdVersion, null)["rows"]![0]!;

        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Null(row["object"]!["status"]);
    }

    [Fact]
    public void Build_IncludeObjectObject_CarriesWholeObject() =>
        Assert.Equal("aws", Build(s_crdVersion, "Object")["rows"]![0]!["object"]!["status"]!["provider"]!.GetValue<string>());

    [Fact]
    public void Build_IncludeObjectNone_OmitsObject() =>
        Assert.Null(Build(s_crdVersion, "None")["rows"]![0]!["object"]);

    [Fact]
    public void Build_Secret_PrintsTypeAndDataCount()
    {
        var secret = JsonNode.Parse("""{"metadata":{"name":"s","creationTimestamp":"2026-08-04T12:00:00Z"},"type":"Opaque","data":{"a":"eA==","b":"eA=="}}""")!.AsObject();

        var table = TableResponse.Build([secret], "", "secrets", null, null, [], s_now);

        Assert.Equal(["Name", "Type", "Data", "Age"], table["columnDefinitions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal("""["s","Opaque",2,"24h"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    private static JsonObject Build(JsonObject crdVersion, string? includeObject) =>
        TableResponse.Build([s_credential], "credentials.delegated.dev", "delegatedcredentials", crdVersion, includeObject,
            new JsonObject { ["resourceVersion"] = "7" }, s_now);
}
