using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// Routes a Query-API request (form body or query string) to its action by <c>Action</c> and <c>Version</c>,
/// and turns every <see cref="StsErrorException"/> into STS's error XML.
/// </summary>
internal sealed class StsRequestDispatcher(AssumeRoleWithWebIdentityAction assumeRole, GetCallerIdentityAction callerIdentity)
{
    public const string Version = "2011-06-15";

    public async Task<StsReply> HandleAsync(SignedRequest request, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        try
        {
            var parameters = Parameters(request);
            var action = parameters.GetValueOrDefault("Action");
            var version = parameters.GetValueOrDefault("Version");
            return (action, version) switch
            {
                ("AssumeRoleWithWebIdentity", Version) => await assumeRole.ExecuteAsync(parameters, requestId, cancellationToken),
                ("GetCallerIdentity", Version) => StsXml.GetCallerIdentity(callerIdentity.Execute(request), requestId),
                _ => throw new StsErrorException(StsError.InvalidAction($"Could not find operation {action} for version {version}")),
            };
        }
        catch (StsErrorException e)
        {
            return StsXml.Error(e.Error, requestId);
        }
    }

    public (CallerIdentity? Caller, StsError? Error) VerifyCallerIdentity(SignedRequest request)
    {
        try
        {
            var parameters = Parameters(request);
            return parameters.GetValueOrDefault("Action") == "GetCallerIdentity" && parameters.GetValueOrDefault("Version") == Version
                ? (callerIdentity.Execute(request), null)
                : (null, StsError.InvalidAction("The replayed request is not GetCallerIdentity."));
        }
        catch (StsErrorException e)
        {
            return (null, e.Error);
        }
    }

    /// <summary>Builds the signed-request view of an HTTP request (the body is read in full).</summary>
    public static async Task<SignedRequest> ReadAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty))).ToList();
        // The URL is the address the request reached, not what its Host header claims: a replay keeps the signed
        // Host (an STS hostname), and the verifier compares the two.
        var host = context.Connection.LocalIpAddress?.ToString() ?? context.Request.Host.Host;
        var reached = new UriBuilder(context.Request.Scheme, host, context.Connection.LocalPort)
        {
            Path = context.Request.PathBase + context.Request.Path,
            Query = context.Request.QueryString.Value ?? "",
        };
        return new SignedRequest(context.Request.Method, reached.Uri, headers, body.ToArray());
    }

    public static async Task WriteAsync(HttpContext context, StsReply reply)
    {
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(reply.Xml, context.RequestAborted);
    }

    private static Dictionary<string, string> Parameters(SignedRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(request.Url.Query))
        {
            parameters[name] = values.ToString();
        }

        var contentType = request.FirstValueOf("Content-Type") ?? string.Empty;
        if (request.Body.Length > 0 && (contentType.Length == 0 || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body)))
            {
                parameters[name] = values.ToString();
            }
        }

        return parameters;
    }
}
