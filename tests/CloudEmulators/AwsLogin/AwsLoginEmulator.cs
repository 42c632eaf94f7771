using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Clouds.Vault;

namespace Operator.Testing.Clouds.AwsLogin;

/// <summary>
/// The GPU reservation API's <c>aws-login</c> endpoint (docs/protocols.md §8): it takes temporary AWS credentials as JSON,
/// verifies them with STS GetCallerIdentity, requires the configured role in the caller's ARN, takes the user from
/// the role session name, and answers with an API key and its expiry. It also takes Vault's iam login form (a
/// signed GetCallerIdentity it replays), for the http target's awsSignedCallerIdentity proof. 401 for credentials
/// STS refuses, 403 for the wrong role.
/// </summary>
internal sealed class AwsLoginEmulator(StsEmulator sts, TimeProvider time, string roleName) : ICloudEmulator
{
    public const string Path = "/aws-login";
    private readonly CallerIdentityLookup _lookup = new(sts, time);
    private readonly ConcurrentQueue<AwsLoginKey> _issued = new();

    public CloudFaults Faults { get; } = new(time);

    /// <summary>The role callers must have assumed (<c>assumed-role/{RoleName}/…</c>).</summary>
    public string RoleName { get; set; } = roleName;

    /// <summary>The lifetime of each API key (the real service's <c>ttl_hours</c>); fractions of an hour allowed for tests.</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<AwsLoginKey> Issued => [.. _issued];

    public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapPost(Path, (Delegate)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = await JsonRequestBody.ReadObjectAsync(context.Request);

        if (body is null)
        {
            return Error(400, "The body must be a JSON object.");
        }

        var (caller, error) = Verify(body);
        if (caller is null)
        {
            return Error(error!.Value.Status, error.Value.Detail);
        }

        var arn = AssumedRole.TryParse(caller.Arn);
        if (arn is null || arn.Value.Role != RoleName)
        {
            return Error(403, $"The caller has not assumed the role {RoleName}.");
        }

        var key = new AwsLoginKey("gpu_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), arn.Value.Session, caller.Arn,
            time.GetUtcNow() + KeyLifetime);
        _issued.Enqueue(key);
        return Results.Json(new JsonObject
        {
            ["api_key"] = key.ApiKey,
            ["key_prefix"] = key.ApiKey[..8],
            ["username"] = key.Username,
            ["aws_arn"] = key.Arn,
            ["expires_at"] = key.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["ttl_hours"] = Math.Round(KeyLifetime.TotalHours, 3),
        });
    }

    private (CallerIdentity? Caller, (int Status, string Detail)? Error) Verify(JsonObject body)
    {
        if (Text(body, "iam_request_headers") is not null)
        {
            var (request, problem) = VaultIamLoginRequest.Read(body);
            if (request is null)
            {
                return (null, (400, problem!));
            }

            var (signer, stsError) = sts.VerifyCallerIdentity(request);
            return signer is null ? (null, (401, $"AWS refused the signed request: {stsError!.Code}.")) : (signer, null);
        }

        string?[] credentials = [Text(body, "aws_access_key_id"), Text(body, "aws_secret_access_key"), Text(body, "aws_session_token")];
        if (credentials.Any(string.IsNullOrEmpty))
        {
            return (null, (400, "aws_access_key_id, aws_secret_access_key and aws_session_token are required."));
        }

        var (caller, error) = _lookup.Lookup(credentials[0]!, credentials[1]!, credentials[2]!);
        return caller is null ? (null, (401, $"Invalid AWS credentials: {error!.Code}.")) : (caller, null);
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static IResult Error(int status, string detail) =>
        Results.Json(new JsonObject { ["detail"] = detail }, statusCode: status);
}

/// <summary>An API key the emulator issued.</summary>
internal sealed record AwsLoginKey(string ApiKey, string Username, string Arn, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"key {ApiKey[..8]}… for {Username} ({Arn}) until {ExpiresAt:O}";
}
