using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.Clouds.AwsLogin;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Datadog;

/// <summary>
/// Datadog's <c>POST /api/v2/delegated-token</c> (docs/protocols.md §1.3), checking a proof as the backend must: it
/// decodes the proof, requires the org header among the signed headers, refuses a signature older than 15
/// minutes, replays the signed GetCallerIdentity to the STS emulator (which verifies the SigV4 signature), and
/// requires a known org that trusts the caller's role. Refusals are JSON:API error bodies (the conservative reading of §7.1).
/// </summary>
internal sealed class DatadogEmulator(StsEmulator sts, TimeProvider time) : ICloudEmulator
{
    public const string OrgHeader = "x-ddog-org-id";
    private static readonly TimeSpan s_maxAge = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _orgs = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<DatadogIssuedToken> _issued = new();

    public CloudFaults Faults { get; } = new(time);

    /// <summary>The lifetime of each token issued (the real one is unconfirmed; the SDK falls back to 15 min).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Every token issued, in order.</summary>
    public IReadOnlyList<DatadogIssuedToken> Issued => [.. _issued];

    /// <summary>
    /// Adds (or replaces) an org and the AWS roles it trusts, as in its AWS intake mapping. A caller is matched by
    /// its canonical role ARN (<c>arn:aws:iam::{account}:role/{name}</c>), whatever its session name.
    /// </summary>
    public void AddOrg(string orgUuid, params string[] allowedRoleArns) => _orgs[orgUuid] = allowedRoleArns.ToHashSet(StringComparer.Ordinal);

    public void MapRoutes(IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v2/delegated-token", (HttpContext context) =>
        {
            var (token, refusal) = Exchange(context.Request.Headers.Authorization.ToString());
            return refusal is { } r ? Results.Json(Errors(r.Detail), statusCode: r.Status) : Results.Json(Success(token!));
        });

    private (DatadogIssuedToken? Token, (int Status, string Detail)? Refusal) Exchange(string authorization)
    {
        if (!authorization.StartsWith("Delegated ", StringComparison.Ordinal))
        {
            return (null, (401, "Authorization must be 'Delegated <proof>'."));
        }

        var (request, error) = DatadogProofReader.Read(authorization["Delegated ".Length..]);
        if (request is null)
        {
            return (null, (400, error!));
        }

        var signedHeaders = SigV4Authorization.TryParse(request.FirstValueOf("Authorization"))?.SignedHeaders ?? [];
        var org = request.FirstValueOf(OrgHeader);
        if (org is null || !signedHeaders.Contains(OrgHeader))
        {
            return (null, (401, "The x-ddog-org-id header must be present and signed."));
        }

        if (!DateTimeOffset.TryParseExact(request.FirstValueOf("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var signedAt) || time.GetUtcNow() - signedAt > s_maxAge)
        {
            return (null, (401, "The proof's signature is older than 15 minutes."));
        }

        var (caller, stsError) = sts.VerifyCallerIdentity(request);
        if (caller is null)
        {
            return (null, (401, $"AWS could not verify the proof: {stsError!.Code}."));
        }

        var canonical = AssumedRole.TryParse(caller.Arn) is { } assumed ? $"arn:aws:iam::{caller.Account}:role/{assumed.Role}" : caller.Arn;
        if (!_orgs.TryGetValue(org, out var trusted) || !trusted.Contains(canonical))
        {
            return (null, (403, "The org is unknown or does not trust this AWS principal."));
        }

        var token = new DatadogIssuedToken("ddapp_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), org, caller.Arn,
            time.GetUtcNow() + TokenLifetime);
        _issued.Enqueue(token);
        return (token, null);
    }

    private static JsonObject Success(DatadogIssuedToken token) => new()
    {
        ["data"] = new JsonObject
        {
            ["type"] = "delegated_token",
            ["id"] = Guid.NewGuid().ToString(),
            ["attributes"] = new JsonObject
            {
                ["access_token"] = token.AccessToken,
                ["expires"] = token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            },
        },
    };

    private static JsonObject Errors(string detail) => new() { ["errors"] = new JsonArray(detail) };
}

/// <summary>A token the emulator issued: to whom (org and AWS principal) and until when.</summary>
internal sealed record DatadogIssuedToken(string AccessToken, string Org, string Arn, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"token for {Arn} in org {Org} until {ExpiresAt:O}";
}
