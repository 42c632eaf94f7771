using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// How a DelegatedCredential is kept in the informer's cache: <see cref="ObjectTransforms.CompactWithoutLastApplied{T}"/>,
/// and the strings of its spec and status that take a handful of values across a whole fleet (each condition's type,
/// status and reason, the status's provider and target, the spec's TTL and AWS region) shared through the bounded
/// <see cref="ObjectTransforms.StringPool"/>. The JSON reader makes each of them a string of its own per credential: at
/// 10,000 credentials about 2.4 MB (tests/Operator.Benchmarks/results.md, "Fifth round"). Nothing is dropped; every value stays
/// equal, so what a reconcile reads and compares is unchanged.
/// </summary>
internal static class CachedCredential
{
    public static DelegatedCredential Compact(DelegatedCredential credential)
    {
        ObjectTransforms.CompactWithoutLastApplied(credential);
        var pool = ObjectTransforms.StringPool.Shared;
        if (credential.Status is { } status)
        {
            // Conditions are the client's mutable models, fresh from the server: changed in place.
            foreach (var condition in status.Conditions ?? [])
            {
                condition.Type = pool.Get(condition.Type);
                condition.Status = pool.Get(condition.Status);
                condition.Reason = pool.Get(condition.Reason);
            }

            credential.Status = status with { Provider = pool.Get(status.Provider), Target = pool.Get(status.Target) };
        }

        if (credential.Spec is { } spec)
        {
            var aws = spec.Provider?.Aws;
            credential.Spec = spec with
            {
                Ttl = pool.Get(spec.Ttl),
                Provider = aws is null ? spec.Provider : spec.Provider! with { Aws = aws with { Region = pool.Get(aws.Region) } },
            };
        }

        return credential;
    }
}
