using System.Collections.Concurrent;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// Routes each AssumeRoleWithWebIdentity to the right STS: the operator's endpoint override when it has one
/// (it replaces every endpoint: emulators, a private VPC endpoint for all), else the spec's
/// <c>stsEndpoint</c>, else the region's. One SDK client per endpoint, reused.
/// </summary>
internal sealed class StsClients(AwsStsOptions options) : IAssumeRoleWithWebIdentity, IDisposable
{
    private readonly AssumeRoleWithWebIdentity _default = new(options);
    private readonly ConcurrentDictionary<Uri, AssumeRoleWithWebIdentity> _bySpecEndpoint = new();

    public async Task<Attempt<CloudIdentity>> AssumeAsync(AwsIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken)
    {
        var sts = options.ServiceUrl is null && request.StsEndpoint is { } endpoint
            ? _bySpecEndpoint.GetOrAdd(endpoint, url => new AssumeRoleWithWebIdentity(new AwsStsOptions
            {
                ServiceUrl = url,
                CreateHttpHandler = options.CreateHttpHandler,
                Timeout = options.Timeout,
            }))
            : _default;
        var result = await sts.ExchangeAsync(request.RoleArn, request.SessionName, token.Token, request.Duration, request.Region, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Failure!;
        }

        return new AwsCloudIdentity(result.AssumedRoleArn, result.Credentials, request.Region);
    }

    public void Dispose()
    {
        _default.Dispose();
        foreach (var client in _bySpecEndpoint.Values)
        {
            client.Dispose();
        }
    }
}
