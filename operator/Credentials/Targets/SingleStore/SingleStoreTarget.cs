using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Targets.SingleStore;

/// <summary>
/// A SingleStore JWT from its IAM auth service (docs/protocols.md §2): the cloud identity is proven in headers to
/// <c>/auth/iam/database?workspaceGroupID=…</c> or <c>/auth/iam/api</c>, which answers <c>{"jwt":"…"}</c>.
/// Secret keys: <c>jwt</c>, <c>expiration</c>.
/// </summary>
/// <remarks>
/// The request follows the Go client (no body, no Content-Type, the workspace group in the query), not the Python
/// one (a JSON body): the service's spec says the body is ignored, and the query is what Go and Java send.
/// </remarks>
internal sealed class SingleStoreTarget(IEnumerable<ISingleStoreIdentityProof> proofs) : ICredentialTarget
{
    public const string JwtKey = "jwt";
    public const string ExpirationKey = "expiration";

    public string Name => "singlestore";


    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var spec = context.Resource.Spec.Target.SingleStore!;
        var proof = proofs.FirstOrDefault(p => p.Accepts(context.Identity));
        if (proof is null)
        {
            return ExchangeFailure.InvalidSpec($"target singlestore cannot prove a {context.Identity.Provider} identity in this operator build.");
        }

        var server = ServerUrl(spec);
        if (!server.Succeeded)
        {
            return server.Failure!;
        }

        var endpoint = SingleStoreEndpoint.For(server.Value!, spec);
        if (!endpoint.Succeeded)
        {
            return endpoint.Failure!;
        }

        var headers = await proof.HeadersAsync(context, server.Value!, cancellationToken);
        if (!headers.Succeeded)
        {
            return headers.Failure!;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Value!);
        foreach (var (name, value) in headers.Value!)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var reply = await TokenEndpoint.SendAsync(context.HttpClients.CreateClient(TargetHttpClients.SingleStore), request, Name, context.Time, cancellationToken);
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        var jwt = SingleStoreJwtResponse.Read(reply.Value!, context.Time.GetUtcNow());
        if (!jwt.Succeeded)
        {
            return jwt.Failure!;
        }

        var data = new Dictionary<string, byte[]>
        {
            [JwtKey] = SecretData.Text(jwt.Value!.Jwt),
            [ExpirationKey] = SecretData.Time(jwt.Value.ExpiresAt),
        };
        return new IssuedCredential(data, jwt.Value.ExpiresAt, context.Identity.Principal);
    }

    private static Attempt<Uri> ServerUrl(SingleStoreTargetSpec spec)
    {
        var text = string.IsNullOrEmpty(spec.ServerUrl) ? SingleStoreTargetSpec.DefaultServerUrl : spec.ServerUrl;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            ? url
            : ExchangeFailure.InvalidSpec($"spec.target.singlestore.serverUrl '{text}' is not an absolute https URL.");
    }
}
