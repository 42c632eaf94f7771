using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// A generic login endpoint (the aws-login API is its first user): one JSON request carrying the proof and any
/// static fields to an https URL, one JSON answer whose token, expiry and extra fields are copied into the Secret
/// by the response mapping. Secret keys: the token key (default <c>token</c>), the extra keys, <c>expiration</c>.
/// </summary>
internal sealed class HttpExchangeTarget(ICaBundles caBundles, HttpTargetClients bundleClients) : ICredentialTarget
{
    public string Name => "http";


    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var spec = context.Resource.Spec.Target.Http!;
        var invalid = Validate(spec);
        if (invalid is not null)
        {
            return invalid;
        }

        var client = await ClientAsync(context, spec, cancellationToken);
        if (!client.Succeeded)
        {
            return client.Failure!;
        }

        var proof = await HttpProofBody.BuildAsync(context, spec.Proof, cancellationToken);
        if (!proof.Succeeded)
        {
            return proof.Failure!;
        }

        var body = Body(spec, proof.Value!);
        if (!body.Succeeded)
        {
            return body.Failure!;
        }

        using var request = new HttpRequestMessage(new HttpMethod(spec.Method ?? HttpTargetSpec.DefaultMethod), spec.Url)
        {
            Content = new StringContent(body.Value!.ToJsonString(), Encoding.UTF8, MediaTypeNames.Application.Json),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypeNames.Application.Json));
        if (proof.Value!.BearerToken is { } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var reply = await TokenEndpoint.SendAsync(client.Value!, request, Name, context.Time, cancellationToken);
        if (!reply.Succeeded)
        {
            return reply.Failure!;
        }

        var response = HttpResponseReader.Read(spec.Response, reply.Value!, context.Time.GetUtcNow());
        return response.Succeeded
            ? new IssuedCredential(response.Value!.Data, response.Value.ExpiresAt, context.Identity.Principal)
            : response.Failure!;
    }

    private static ExchangeFailure? Validate(HttpTargetSpec spec)
    {
        if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            return ExchangeFailure.InvalidSpec($"spec.target.http.url '{spec.Url}' is not an absolute https URL.");
        }

        if ((spec.Method ?? HttpTargetSpec.DefaultMethod) is not ("POST" or "PUT"))
        {
            return ExchangeFailure.InvalidSpec($"spec.target.http.method '{spec.Method}' is not POST or PUT.");
        }

        return string.IsNullOrEmpty(spec.Response.ExpiresAtPath) && string.IsNullOrEmpty(spec.Response.ExpiresInPath)
            ? ExchangeFailure.InvalidSpec("spec.target.http.response needs expiresAtPath or expiresInPath: a token whose expiry is unknown cannot be refreshed on time.")
            : null;
    }

    private async Task<Attempt<HttpClient>> ClientAsync(TargetContext context, HttpTargetSpec spec, CancellationToken cancellationToken)
    {
        if (spec.CaBundle is null)
        {
            return context.HttpClients.CreateClient(TargetHttpClients.Http);
        }

        var pem = await caBundles.ReadPemAsync(context.Resource.Metadata.NamespaceProperty, spec.CaBundle, cancellationToken);
        return pem.Succeeded ? bundleClients.ForBundle(pem.Value!) : pem.Failure!;
    }

    /// <summary>Static fields first, then the proof; a static field may not take a proof field's name.</summary>
    private static Attempt<JsonObject> Body(HttpTargetSpec spec, HttpProofBody proof)
    {
        var body = new JsonObject();
        foreach (var (name, value) in spec.StaticFields ?? new Dictionary<string, string>())
        {
            body[name] = value;
        }

        foreach (var (name, value) in proof.Fields)
        {
            if (body.ContainsKey(name))
            {
                return ExchangeFailure.InvalidSpec($"spec.target.http.staticFields.{name} collides with a proof field of the same name.");
            }

            body[name] = value?.DeepClone();
        }

        return body;
    }
}
