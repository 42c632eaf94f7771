using Operator.Credentials.Identity.Kubernetes;

namespace Sandbox;

/// <summary>
/// ServiceAccount-token samples ask for hours; the API server grants nothing shorter than ten minutes, and a
/// refresh comes after at least half the lifetime. The sandbox asks for that minimum instead (and the default
/// refreshBefore), so a refresh shows within about five minutes, as the STS cap does for the AWS-backed samples.
/// </summary>
internal static class ServiceAccountTokenSamples
{
    public static bool Shorten(SampleManifest sample)
    {
        if (sample.Credential.Spec.Target.ServiceAccountToken is null)
        {
            return false;
        }

        var spec = sample.Body["spec"]!.AsObject();
        spec["ttl"] = $"{ServiceAccountTokens.ExchangeLifetime.TotalMinutes:0}m";
        spec.Remove("refreshBefore");
        return true;
    }
}
