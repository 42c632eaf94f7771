using System.Text;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// Reads CA bundles straight from the API server at each exchange (ConfigMaps and foreign Secrets are not cached:
/// exchanges are rare, and caching every ConfigMap of the cluster to save one read per hour would cost more).
/// A missing object or key is InvalidSpec, with the name.
/// </summary>
internal sealed class KubernetesCaBundles(IKubernetes kubernetes) : ICaBundles
{
    public async Task<Attempt<string>> ReadPemAsync(string ns, CaBundleSource source, CancellationToken cancellationToken)
    {
        try
        {
            if (source.ConfigMapKeyRef is { } map)
            {
                var configMap = await kubernetes.CoreV1.ReadNamespacedConfigMapAsync(map.Name, ns, cancellationToken: cancellationToken);
                return Value(configMap.Data, map.Key) is { Length: > 0 } pem
                    ? pem
                    : Missing($"ConfigMap {ns}/{map.Name} has no key {map.Key}");
            }

            if (source.SecretKeyRef is { } secretRef)
            {
                var secret = await kubernetes.CoreV1.ReadNamespacedSecretAsync(secretRef.Name, ns, cancellationToken: cancellationToken);
                return Value(secret.Data, secretRef.Key) is { Length: > 0 } bytes
                    ? Encoding.UTF8.GetString(bytes)
                    : Missing($"Secret {ns}/{secretRef.Name} has no key {secretRef.Key}");
            }

            return Missing("spec.target.http.caBundle names neither a ConfigMap nor a Secret");
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            var (kind, name) = source.ConfigMapKeyRef is { } m ? ("ConfigMap", m.Name) : ("Secret", source.SecretKeyRef?.Name);
            return Missing($"{kind} {ns}/{name} named by spec.target.http.caBundle does not exist");
        }
    }

    private static T? Value<T>(IDictionary<string, T>? data, string key)
        where T : class => data is not null && data.TryGetValue(key, out var value) ? value : null;

    private static ExchangeFailure Missing(string what) => ExchangeFailure.InvalidSpec($"{what}.");
}
