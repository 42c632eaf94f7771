using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Targets.Http;

/// <summary>Reads the PEM certificates an http target names (a ConfigMap or Secret key in the resource's namespace).</summary>
internal interface ICaBundles
{
    Task<Attempt<string>> ReadPemAsync(string ns, CaBundleSource source, CancellationToken cancellationToken);
}
