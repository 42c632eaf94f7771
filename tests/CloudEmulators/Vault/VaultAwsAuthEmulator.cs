using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Vault;

/// <summary>
/// Vault's AWS auth method, <c>iam</c> login (docs/protocols.md §3.3): <c>POST /v1/auth/aws/login</c> with a signed
/// GetCallerIdentity it replays to STS, the <c>X-Vault-AWS-IAM-Server-ID</c> header required and signed when a
/// server ID is configured, and the caller's canonical role ARN bound to the Vault role named in the request.
/// Refusals are <c>{"errors":[…]}</c>; 400 for a bad request or an STS refusal, 403 for an unbound principal (the
/// statuses are unconfirmed, docs/protocols.md §7.7).
/// </summary>
internal sealed class VaultAwsAuthEmulator(StsEmulator sts, TimeProvider time) : ICloudEmulator
{
    public const string Path = "/v1/auth/aws/login";
    public const string ServerIdHeader = "X-Vault-AWS-IAM-Server-ID";
    private readonly ConcurrentDictionary<string, string> _roles = new(StringComparer.Ordinal);

    public CloudFaults Faults { get; } = new(time);

    /// <summary>Vault's <c>iam_server_id_header_value</c>: when set, the header must carry it and be signed.</summary>
    public string? ServerId { get; set; }

    /// <summary>The token's lease duration.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A Vault role that admits callers of one IAM role (<c>bound_iam_principal_arn</c>).</summary>
    public void AddRole(string name, string boundRoleArn) => _roles[name] = boundRoleArn;

    public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapPost(Path, (Delegate)LoginAsync);

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        var body = await JsonRequestBody.ReadObjectAsync(context.Request);

        var (request, problem) = body is null ? (null, "invalid JSON body") : VaultIamLoginRequest.Read(body);
        if (request is null)
        {
            return Errors(400, problem!);
        }

        if (ServerId is not null && !SignsServerId(request))
        {
            return Errors(400, $"error validating {ServerIdHeader} header: missing, unsigned or not {ServerId}");
        }

        var (caller, error) = sts.VerifyCallerIdentity(request);
        if (caller is null)
        {
            return Errors(400, $"error making upstream request: received error code {error!.StatusCode} from STS: {error.Code}");
        }

        var role = (string?)body!["role"] ?? string.Empty;
        var canonical = AssumedRole.TryParse(caller.Arn) is { } assumed ? $"arn:aws:iam::{caller.Account}:role/{assumed.Role}" : caller.Arn;
        if (!_roles.TryGetValue(role, out var bound) || bound != canonical)
        {
            return Errors(403, $"IAM Principal \"{canonical}\" does not belong to the role \"{role}\"");
        }

        return Results.Json(new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["client_token"] = "hvs." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B'),
                ["accessor"] = Guid.NewGuid().ToString("N"),
                ["policies"] = new JsonArray("default"),
                ["token_policies"] = new JsonArray("default"),
                ["metadata"] = new JsonObject { ["client_arn"] = caller.Arn, ["canonical_arn"] = canonical, ["auth_type"] = "iam", ["account_id"] = caller.Account },
                ["lease_duration"] = (long)LeaseDuration.TotalSeconds,
                ["renewable"] = true,
            },
        });
    }

    private bool SignsServerId(SignedRequest request) =>
        request.FirstValueOf(ServerIdHeader) == ServerId
        && SigV4Authorization.TryParse(request.FirstValueOf("Authorization"))?.SignedHeaders.Contains(ServerIdHeader.ToLowerInvariant()) == true;

    private static IResult Errors(int status, string message) => Results.Json(new JsonObject { ["errors"] = new JsonArray(message) }, statusCode: status);
}
