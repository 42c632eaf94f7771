using System.Net.Http.Headers;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity.Aws;

namespace Operator.Credentials.Targets.Datadog;

/// <summary>
/// A Datadog delegated API token (docs/protocols.md §1): the role's temporary credentials sign a GetCallerIdentity
/// proof bound to the org, Datadog replays it to STS and answers with an access token that API clients send as
/// <c>Authorization: Bearer</c>. Secret keys: <c>token</c>, <c>site</c>, <c>expiration</c>.
/// </summary>
internal sealed class DatadogTarget : ICredentialTarget
{
    public const string TokenKey = "token";
    public const string SiteKey = "site";
    public const string ExpirationKey = "expiration";
    public const string DelegatedTokenPath = "api/v2/delegated-token";

    public string Name => "datadog";


    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var spec = context.Resource.Spec.Target.Datadog!;
        var aws = context.Identity.Require<IAwsCredentials>();
        var site = string.IsNullOrEmpty(spec.Site) ? DatadogSites.Default : spec.Site;
        var endpoint = Endpoint(spec, site);
        if (!endpoint.Succeeded)
        {
            return endpoint.Failure!;
        }

        if (string.IsNullOrEmpty(aws.Credentials.SessionToken))
        {
            // The Datadog clients refuse long-lived keys; temporary credentials always carry a session token.
            return ExchangeFailure.InvalidSpec("target datadog needs temporary AWS credentials with a session token.");
        }

        var proof = DatadogProof.Create(aws.Credentials, spec.OrgUuid, aws.Region, context.Time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Value!);
        request.Headers.TryAddWithoutValidation("Authorization", "Delegated " + proof);
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reply = await TokenEndpoint.SendAsync(context.HttpClients.CreateClient(TargetHttpClients.Datadog), request, Name, context.Time, cancellationToken);
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        var token = DatadogTokenResponse.Read(reply.Value!, context.Time.GetUtcNow());
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        var data = new Dictionary<string, byte[]>
        {
            [TokenKey] = SecretData.Text(token.Value!.AccessToken),
            [SiteKey] = SecretData.Text(site),
            [ExpirationKey] = SecretData.Time(token.Value.ExpiresAt),
        };
        return new IssuedCredential(data, token.Value.ExpiresAt, context.Identity.Principal);
    }

    private static Attempt<Uri> Endpoint(DatadogTargetSpec spec, string site)
    {
        if (!string.IsNullOrEmpty(spec.Url))
        {
            return Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
                ? new Uri(new Uri(url.ToString().TrimEnd('/') + "/"), DelegatedTokenPath)
                : ExchangeFailure.InvalidSpec($"spec.target.datadog.url '{spec.Url}' is not an absolute https URL.");
        }

        return DatadogSites.IsKnown(site)
            ? new Uri(DatadogSites.ApiBase(site), DelegatedTokenPath)
            : ExchangeFailure.InvalidSpec($"spec.target.datadog.site '{site}' is not a Datadog site ({string.Join(", ", DatadogSites.All)}).");
    }
}
