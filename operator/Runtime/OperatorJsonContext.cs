using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Runtime;

/// <summary>
/// Source-generated JSON metadata for every type the operator sends and reads: the DelegatedCredential types, the watch
/// events of each kind the informers watch, the built-in models its API calls carry, and the JSON trees of patches and
/// proofs. About 40 of the 1,260 built-in models that KubernetesClient's own generated context
/// (<c>k8s.SourceGenerationContext</c>) holds.
/// </summary>
/// <remarks>
/// KubernetesClient resolves a type first through its generated context and then through reflection. Reflection is what
/// the operator's native build cannot rely on, and the library's context is what made the native executable large
/// (docs/architecture.md, "Native build"): the operator's client resolves through this context alone
/// (<see cref="UseAlone"/>), and the native build leaves the library's out. The options match the client's, so the JSON
/// is the same either way.
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter),
        typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(DelegatedCredential))]
[JsonSerializable(typeof(DelegatedCredentialList))]
[JsonSerializable(typeof(DelegatedCredentialStatus))]
[JsonSerializable(typeof(Watcher<DelegatedCredential>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Secret>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1ServiceAccount>.WatchEvent))]
[JsonSerializable(typeof(Watcher<KubernetesObject>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Status>.WatchEvent))]
// The bodies and answers of every API call the operator makes (the client of Hosting/KubernetesClientFactory.cs
// resolves through this context alone), and of those KubernetesClient makes for it (leader election's Lease, an exec
// plugin's answer).
[JsonSerializable(typeof(KubernetesObject))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1SecretList))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1ServiceAccountList))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(Authenticationv1TokenRequest))]
[JsonSerializable(typeof(V1TokenReview))]
[JsonSerializable(typeof(V1SubjectAccessReview))]
[JsonSerializable(typeof(V1SelfSubjectAccessReview))]
[JsonSerializable(typeof(V1APIResourceList))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1Patch))]
[JsonSerializable(typeof(ExecCredentialResponse))]
[JsonSerializable(typeof(PodTemplateOwner))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(SortedDictionary<string, string[]>))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Puts this context first in KubernetesClient's shared options, which its watcher reads with (and, in the native
    /// build, makes it their only resolver, as <see cref="UseAlone"/> does). Called before the host is built, so before
    /// the client's first use, when the options can still change; once something has used them they are read-only and
    /// stay as they are (a test process that used the client first still resolves these types, through reflection).
    /// </summary>
    public static void Register() =>
        KubernetesJson.AddJsonOptions(options => Register(options, RuntimeFeature.IsDynamicCodeSupported));

    internal static void Register(JsonSerializerOptions options, bool dynamicCode)
    {
        if (options.IsReadOnly)
        {
            return;
        }

        if (!dynamicCode)
        {
            UseAlone(options);
            return;
        }

        if (!options.TypeInfoResolverChain.Contains(Default))
        {
            options.TypeInfoResolverChain.Insert(0, Default);
        }
    }

    /// <summary>
    /// Makes <paramref name="options"/> (a copy of KubernetesClient's) resolve every type through this context and
    /// nothing else. The operator's own client uses such options in every build, so a type missing here fails in the
    /// tests, by name, as it would in the native build, where KubernetesClient's own context is compiled out
    /// (operator/Native/KubernetesClient.Substitutions.xml), reflection is not available, and the shared options (the
    /// watcher's and <see cref="ModelJson"/>'s) are made the same way by <see cref="Register()"/>.
    /// </summary>
    public static void UseAlone(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Clear();
        options.TypeInfoResolverChain.Add(Default);

        // The client's options carry the non-generic JsonStringEnumConverter, which makes EnumConverter<T> for each enum
        // through MakeGenericType: native code that the native build does not have for our enums. This context writes
        // enums as strings by itself (UseStringEnumConverter), so it can go.
        var factory = options.Converters.FirstOrDefault(c => c.GetType() == typeof(JsonStringEnumConverter));
        if (factory is not null)
        {
            options.Converters.Remove(factory);
        }
    }
}
