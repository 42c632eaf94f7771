using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Runtime;
using Operator.Tests.Api;

namespace Operator.Tests.Runtime;

/// <summary>
/// The operator's types resolve through generated metadata alone (Runtime/OperatorJsonContext.cs and the client's own
/// context), with no reflection behind them, as in the native build, and give the same JSON as reflection does.
/// </summary>
public sealed class OperatorJsonContextTests
{
    private static readonly JsonSerializerOptions Client = ClientOptions();

    /// <summary>
    /// KubernetesClient's options as the native build has them (registered without dynamic code), with only the two
    /// generated contexts to resolve types: no reflection.
    /// </summary>
    private static readonly JsonSerializerOptions Generated = NativeOptions();

    /// <summary>The same options resolving everything through reflection.</summary>
    private static readonly JsonSerializerOptions Reflection = new(Client) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static TheoryData<string> Samples => [.. RepositoryFiles.Samples()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_RoundTripsThroughGeneratedMetadata_AsThroughReflection(string sample)
    {
        var original = CrdDocument.Sample(sample).ToJsonString();

        var generated = JsonSerializer.Serialize(JsonSerializer.Deserialize<DelegatedCredential>(original, Generated), Generated);
        var reflected = JsonSerializer.Serialize(JsonSerializer.Deserialize<DelegatedCredential>(original, Reflection), Reflection);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(generated)), $"{sample} became {generated}");
        Assert.Equal(reflected, generated);
    }

    [Fact]
    public void Status_SerializesAlike()
    {
        var status = new DelegatedCredentialStatus
        {
            ObservedGeneration = 3,
            Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "Refreshed", Message = "m",
                LastTransitionTime = new DateTime(2026, 8, 5, 12, 34, 56, DateTimeKind.Utc), ObservedGeneration = 3 }],
            IssuedAt = new DateTimeOffset(2026, 8, 5, 12, 34, 56, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2026, 8, 5, 13, 34, 56, 123, TimeSpan.Zero),
        };

        var generated = JsonSerializer.Serialize(status, Generated);

        Assert.Equal(JsonSerializer.Serialize(status, Reflection), generated);
        Assert.Contains("\"expiresAt\":\"2026-08-05T13:34:56.123000Z\"", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void List_ReadsItemsAndReportsTheUnreadable_WithoutReflection()
    {
        const string List = """
            {"apiVersion":"credentials.delegated.dev/v1alpha1","kind":"DelegatedCredentialList",
             "metadata":{"resourceVersion":"7"},
             "items":[{"metadata":{"name":"a","namespace":"n"},"spec":{"ttl":"1h"}},
                      {"metadata":{"name":"b","namespace":"n"},"spec":{"ttl":{"not":"a string"}}}]}
            """;

        var list = JsonSerializer.Deserialize<DelegatedCredentialList>(List, Generated)!;

        Assert.Equal("7", list.Metadata.ResourceVersion);
        Assert.Equal("a", Assert.Single(list.Items).Metadata.Name);
        Assert.Single(Assert.IsType<ReadableItems<DelegatedCredential>>(list.Items).Unreadable);
    }

    [Fact]
    public void WatchEvents_OfEveryWatchedKind_ReadWithoutReflection()
    {
        var credential = JsonSerializer.Deserialize<Watcher<DelegatedCredential>.WatchEvent>(
            """{"type":"MODIFIED","object":{"metadata":{"name":"a"},"spec":{"ttl":"1h"}}}""", Generated)!;
        var secret = JsonSerializer.Deserialize<Watcher<V1Secret>.WatchEvent>(
            """{"type":"ADDED","object":{"metadata":{"name":"s"},"data":{"k":"dg=="}}}""", Generated)!;
        var account = JsonSerializer.Deserialize<Watcher<V1ServiceAccount>.WatchEvent>(
            """{"type":"DELETED","object":{"metadata":{"name":"sa"}}}""", Generated)!;
        var bookmark = JsonSerializer.Deserialize<Watcher<KubernetesObject>.WatchEvent>(
            """{"type":"BOOKMARK","object":{"kind":"Secret","apiVersion":"v1"}}""", Generated)!;

        Assert.Equal((WatchEventType.Modified, "1h"), (credential.Type, credential.Object.Spec.Ttl));
        Assert.Equal((WatchEventType.Added, "v"), (secret.Type, System.Text.Encoding.UTF8.GetString(secret.Object.Data["k"])));
        Assert.Equal((WatchEventType.Deleted, "sa"), (account.Type, account.Object.Metadata.Name));
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
    }

    [Fact]
    public void Register_PutsTheContextFirst_Once()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

        OperatorJsonContext.Register(options, dynamicCode: true);
        OperatorJsonContext.Register(options, dynamicCode: true);

        Assert.Same(OperatorJsonContext.Default, options.TypeInfoResolverChain[0]);
        Assert.Equal(2, options.TypeInfoResolverChain.Count);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Register_WithoutDynamicCode_DropsTheReflectionEnumFactory(bool dynamicCode, int factories)
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

        OperatorJsonContext.Register(options, dynamicCode);

        Assert.Equal(factories, options.Converters.Count);
    }

    [Fact]
    public void Register_WithoutDynamicCode_OnOptionsThatHaveTheContextAlready_StillDropsTheFactory()
    {
        // As when the client's shared options were registered first (the host does it) and then copied.
        var options = new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        OperatorJsonContext.Register(options, dynamicCode: true);

        var copy = new JsonSerializerOptions(options);
        OperatorJsonContext.Register(copy, dynamicCode: false);

        Assert.Empty(copy.Converters);
        Assert.Equal(2, copy.TypeInfoResolverChain.Count);
    }

    [Fact]
    public void Enums_WithoutTheReflectionFactory_AreStillNames()
    {
        var bookmark = new Watcher<V1Secret>.WatchEvent { Type = WatchEventType.Bookmark };

        var json = JsonSerializer.Serialize(bookmark, Generated);

        Assert.Equal(JsonSerializer.Serialize(bookmark, Reflection), json);
        Assert.Contains("\"type\":\"Bookmark\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Generated.Converters, c => c is System.Text.Json.Serialization.JsonStringEnumConverter);
    }

    [Fact]
    public void Register_OptionsAlreadyInUse_AreLeftAsTheyAre()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.MakeReadOnly();

        OperatorJsonContext.Register(options, dynamicCode: false);

        Assert.Single(options.TypeInfoResolverChain);
    }

    private static JsonSerializerOptions NativeOptions()
    {
        var options = new JsonSerializerOptions(Client);
        OperatorJsonContext.Register(options, dynamicCode: false);
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(OperatorJsonContext.Default, SourceGenerationContext.Default);
        return options;
    }

    private static JsonSerializerOptions ClientOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options!;
    }
}
