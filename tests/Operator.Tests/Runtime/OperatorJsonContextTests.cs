using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Hosting;
using Operator.Runtime;
using Operator.Tests.Api;

namespace Operator.Tests.Runtime;

/// <summary>
/// The operator's types resolve through its generated metadata alone (Runtime/OperatorJsonContext.cs), with neither
/// reflection nor the client's own context behind them, as in the native build, and give the same JSON as reflection does.
/// </summary>
public sealed class OperatorJsonContextTests
{
    private static readonly JsonSerializerOptions Client = ClientOptions();

    /// <summary>
    /// KubernetesClient's options as the native build has them (registered without dynamic code): the operator's
    /// generated context is their only resolver.
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
        Assert.Same(OperatorJsonContext.Default, Assert.Single(copy.TypeInfoResolverChain));
    }

    [Fact]
    public void UseAlone_ATypeTheOperatorNeverSends_FailsNamingIt()
    {
        // What the native build does with a type the context lacks: KubernetesClient's context is compiled out there
        // (operator/Native/KubernetesClient.Substitutions.xml) and reflection is off.
        var error = Assert.Throws<NotSupportedException>(() => Generated.GetTypeInfo(typeof(V1Pod)));

        Assert.Contains("V1Pod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOperatorsClient_ResolvesThroughTheContextAlone()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        try
        {
            var options = KubernetesClientFactory.CreateConfiguration(new KubernetesConnectionOptions { Kubeconfig = kubeconfig })
                .JsonSerializerOptions;

            Assert.Same(OperatorJsonContext.Default, Assert.Single(options.TypeInfoResolverChain));
            Assert.DoesNotContain(options.Converters, c => c is System.Text.Json.Serialization.JsonStringEnumConverter);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>One value of each built-in type the operator sends or reads, with the fields it sets or reads.</summary>
    public static TheoryData<string, object> ApiBodies => new()
    {
        { "Secret", new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = "s", NamespaceProperty = "n", Labels = new Dictionary<string, string> { ["l"] = "v" },
                    OwnerReferences = [new V1OwnerReference
                    {
                        ApiVersion = "v1", Kind = "DelegatedCredential", Name = "c", Uid = "uid", BlockOwnerDeletion = true, Controller = true,
                    }],
                    CreationTimestamp = new DateTime(2026, 8, 5, 12, 34, 56, DateTimeKind.Utc),
                },
                Type = "Opaque", Data = new Dictionary<string, byte[]> { ["k"] = [1, 2, 3] },
            }
        },
        { "Event", new Corev1Event
            {
                Metadata = new V1ObjectMeta { GenerateName = "c." },
                InvolvedObject = new V1ObjectReference { Kind = "DelegatedCredential", Name = "c", Uid = "u" },
                Reason = "Issued", Message = "m", Type = "Normal", Count = 2, Source = new V1EventSource { Component = "operator" },
                FirstTimestamp = new DateTime(2026, 8, 5, 12, 0, 0, DateTimeKind.Utc),
                EventTime = new DateTime(2026, 8, 5, 12, 0, 0, 123, DateTimeKind.Utc),
                Series = new Corev1EventSeries { Count = 3, LastObservedTime = new DateTime(2026, 8, 5, 12, 1, 0, DateTimeKind.Utc) },
            }
        },
        { "TokenRequest", new Authenticationv1TokenRequest
            {
                Spec = new V1TokenRequestSpec
                {
                    Audiences = ["sts.amazonaws.com"], ExpirationSeconds = 3600,
                    BoundObjectRef = new V1BoundObjectReference { Kind = "Secret", Name = "s", Uid = "u" },
                },
                Status = new V1TokenRequestStatus { ExpirationTimestamp = new DateTime(2026, 8, 5, 13, 0, 0, DateTimeKind.Utc), Token = "token" },
            }
        },
        { "Lease", new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = "l", ResourceVersion = "9" },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = "me", LeaseDurationSeconds = 15, LeaseTransitions = 2,
                    AcquireTime = new DateTime(2026, 8, 5, 12, 0, 0, 123, DateTimeKind.Utc),
                    RenewTime = new DateTime(2026, 8, 5, 12, 0, 10, 456, DateTimeKind.Utc),
                },
            }
        },
        { "SelfSubjectAccessReview", new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { Group = "", Resource = "serviceaccounts", Subresource = "token", Verb = "create" },
                },
                Status = new V1SubjectAccessReviewStatus { Allowed = true, Reason = "r" },
            }
        },
        { "TokenReview", new V1TokenReview
            {
                Spec = new V1TokenReviewSpec { Audiences = ["a"], Token = "t" },
                Status = new V1TokenReviewStatus { Authenticated = true, User = new V1UserInfo { Username = "u", Groups = ["g"] } },
            }
        },
        { "SubjectAccessReview", new V1SubjectAccessReview
            {
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = "u", NonResourceAttributes = new V1NonResourceAttributes { Path = "/metrics", Verb = "get" },
                },
            }
        },
        { "DeleteOptions", new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "3", Uid = "u" } } },
        { "ConfigMap", new V1ConfigMap { Data = new Dictionary<string, string> { ["ca.crt"] = "pem" } } },
    };

    [Theory]
    [MemberData(nameof(ApiBodies))]
    public void ApiBodies_SerializeThroughTheContextAlone_AsThroughReflection(string kind, object body)
    {
        var generated = JsonSerializer.Serialize(body, body.GetType(), Generated);
        var reflected = JsonSerializer.Serialize(body, body.GetType(), Reflection);

        Assert.True(reflected == generated, $"{kind}: {generated} against {reflected}");
        var back = JsonSerializer.Serialize(JsonSerializer.Deserialize(generated, body.GetType(), Generated), body.GetType(), Generated);
        Assert.Equal(generated, back);
    }

    [Fact]
    public void PodTemplateOwner_ReadsAWholeDeployment_ForItsTemplateAnnotations()
    {
        const string Deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"n","generation":4},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"},"annotations":{"credentials.delegated.dev/secret-hash":"h1"}},
                                 "spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"500m"}},
                                                        "ports":[{"containerPort":80}]}]}},
                     "strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}},
             "status":{"replicas":2,"conditions":[{"type":"Available","status":"True"}]}}
            """;

        var owner = JsonSerializer.Deserialize<PodTemplateOwner>(Deployment, Generated)!;

        Assert.Equal("h1", owner.Spec!.Template!.Metadata!.Annotations["credentials.delegated.dev/secret-hash"]);
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
        return options;
    }

    private static JsonSerializerOptions ClientOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options!;
    }
}
