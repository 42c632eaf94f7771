using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.EksAuth;

/// <summary>
/// EKS Auth <c>POST /clusters/{clusterName}/assume-role-for-pod-identity</c> (docs/protocols.md §3.6), checking
/// what it receives as the real service does: the caller's SigV4 signature (service <c>eks-auth</c>, this emulator's
/// region) against the STS emulator's credential store, the caller's permission (<see cref="AllowCaller"/>), the
/// cluster, the ServiceAccount token (the cluster's issuer and JWKS, audience <c>pods.eks.amazonaws.com</c>), then the
/// Pod Identity association of the token's namespace and ServiceAccount. The credentials it issues are remembered by
/// the STS emulator, so every SigV4 proof made with them (Datadog, SingleStore, aws-login, Vault) verifies.
/// </summary>
internal sealed partial class EksAuthEmulator : ICloudEmulator
{
    private readonly StsEmulator _sts;
    private readonly TimeProvider _time;
    private readonly SigV4Verifier _signatures;
    private readonly ConcurrentDictionary<string, Uri> _clusters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Cluster, string Namespace, string ServiceAccount), PodIdentityAssociation> _associations = new();
    private readonly ConcurrentDictionary<string, byte> _allowedCallers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PodIdentityGrant> _grants = new();
    private readonly ConcurrentQueue<EksAuthCall> _calls = new();

    public EksAuthEmulator(StsEmulator sts, TimeProvider time, string region = "us-east-1")
    {
        _sts = sts;
        _time = time;
        Region = region;
        Faults = new CloudFaults(time);
        _signatures = new SigV4Verifier(sts.FindCredential, time, "eks-auth");
        Tokens = new PodIdentityTokenVerifier(sts.Keys, time);
    }

    public CloudFaults Faults { get; }

    /// <summary>The region this endpoint serves: a caller's SigV4 scope must name it.</summary>
    public string Region { get; }

    /// <summary>The ServiceAccount token verifier (its clock skew is adjustable).</summary>
    public PodIdentityTokenVerifier Tokens { get; }

    /// <summary>
    /// The lifetime of the credentials issued; unconfirmed for the real service (the agent caches about 6 h), and
    /// capped by the STS emulator's <see cref="StsEmulator.MaxGrantedLifetime"/> like every credential it knows.
    /// </summary>
    public TimeSpan GrantedLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Every successful exchange, in order.</summary>
    public IReadOnlyList<PodIdentityGrant> Grants => [.. _grants];

    /// <summary>Every request received, including those a fault answered.</summary>
    public IReadOnlyList<EksAuthCall> Calls => [.. _calls];

    /// <summary>Adds (or replaces) a cluster and the issuer of its ServiceAccount tokens.</summary>
    public void AddCluster(string name, Uri issuer) => _clusters[name] = issuer;

    /// <summary>
    /// Grants a caller <c>eks-auth:AssumeRoleForPodIdentity</c>: its ARN as GetCallerIdentity names it (an IAM user's
    /// <c>arn:aws:iam::…:user/NAME</c>, or a role's <c>arn:aws:iam::…:role/NAME</c> for any of its sessions).
    /// </summary>
    public void AllowCaller(string arn) => _allowedCallers[arn] = 0;

    /// <summary>Creates (or replaces) the association of a ServiceAccount of a cluster with a role.</summary>
    public PodIdentityAssociation Associate(string clusterName, string ns, string serviceAccount, string roleArn)
    {
        var association = new PodIdentityAssociation(clusterName, ns, serviceAccount, roleArn,
            "a-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17], Region, _sts.Account);
        _associations[(clusterName, ns, serviceAccount)] = association;
        return association;
    }

    /// <summary>Deletes an association; the ServiceAccount's next exchange gets ResourceNotFoundException.</summary>
    public void Disassociate(string clusterName, string ns, string serviceAccount) => _associations.TryRemove((clusterName, ns, serviceAccount), out _);

    public Task OnRequestAsync(HttpContext context)
    {
        var at = _time.GetUtcNow();
        var cluster = context.Request.RouteValues.TryGetValue("clusterName", out var value) ? value as string : null;
        context.Response.OnCompleted(() =>
        {
            _calls.Enqueue(new EksAuthCall(at, cluster, context.Response.StatusCode));
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public void MapRoutes(IEndpointRouteBuilder routes) =>
        routes.MapPost("/clusters/{clusterName}/assume-role-for-pod-identity", async (HttpContext context, string clusterName) =>
        {
            var request = await StsRequestDispatcher.ReadAsync(context);
            try
            {
                var answer = await AssumeAsync(request, clusterName, context.RequestAborted);
                return Results.Json(answer);
            }
            catch (EksAuthErrorException e)
            {
                context.Response.Headers["x-amzn-ErrorType"] = e.Error.Type;
                return Results.Json(new JsonObject { ["message"] = e.Error.Message }, statusCode: e.Error.StatusCode);
            }
        });

    /// <summary>The whole exchange, in the order of its checks; every refusal is an <see cref="EksAuthErrorException"/>.</summary>
    internal async Task<JsonObject> AssumeAsync(SignedRequest request, string clusterName, CancellationToken cancellationToken)
    {
        var caller = VerifyCaller(request);
        if (!ClusterNamePattern().IsMatch(clusterName))
        {
            throw new EksAuthErrorException(EksAuthError.InvalidParameter("The cluster name is not valid."));
        }

        var token = ReadToken(request);
        if (!_clusters.TryGetValue(clusterName, out var issuer))
        {
            throw new EksAuthErrorException(EksAuthError.ResourceNotFound($"No cluster found for name: {clusterName}."));
        }

        var (ns, serviceAccount) = await Tokens.VerifyAsync(token, issuer, cancellationToken);
        if (!_associations.TryGetValue((clusterName, ns, serviceAccount), out var association))
        {
            throw new EksAuthErrorException(EksAuthError.ResourceNotFound(
                $"No Pod Identity Association found for cluster {clusterName}, namespace {ns} and service account {serviceAccount}."));
        }

        var credential = Issue(association, clusterName, serviceAccount);
        _grants.Enqueue(new PodIdentityGrant(credential, association, caller));
        return new JsonObject
        {
            ["subject"] = new JsonObject { ["namespace"] = ns, ["serviceAccount"] = serviceAccount },
            ["audience"] = PodIdentityTokenVerifier.Audience,
            ["podIdentityAssociation"] = new JsonObject
            {
                ["associationArn"] = association.AssociationArn,
                ["associationId"] = association.AssociationId,
            },
            ["assumedRoleUser"] = new JsonObject { ["arn"] = credential.AssumedRoleArn, ["assumeRoleId"] = credential.AssumedRoleId },
            ["credentials"] = new JsonObject
            {
                ["sessionToken"] = credential.SessionToken,
                ["secretAccessKey"] = credential.SecretAccessKey,
                ["accessKeyId"] = credential.AccessKeyId,
                ["expiration"] = credential.Expiration.ToUnixTimeSeconds(),
            },
        };
    }

    /// <returns>The caller's ARN, once its signature verifies and it may call the action.</returns>
    private string VerifyCaller(SignedRequest request)
    {
        IssuedCredential credential;
        try
        {
            credential = _signatures.Verify(request);
        }
        catch (StsErrorException e)
        {
            throw new EksAuthErrorException(e.Error.Code switch
            {
                "InvalidClientTokenId" => EksAuthError.UnrecognizedClient(),
                "IncompleteSignature" => EksAuthError.IncompleteSignature(e.Error.Message),
                "MissingAuthenticationToken" => EksAuthError.MissingAuthenticationToken(),
                "ExpiredToken" => EksAuthError.CallerExpired(),
                _ => EksAuthError.InvalidSignature(e.Error.Message),
            });
        }

        var scope = SigV4Authorization.TryParse(request.FirstValueOf("Authorization"))!;
        if (scope.Region != Region)
        {
            throw new EksAuthErrorException(EksAuthError.InvalidSignature(
                $"Credential should be scoped to a valid region. '{scope.Region}' is not '{Region}'."));
        }

        var arn = credential.AssumedRoleArn;
        var canonical = arn.Split(':', 6) is [_, _, "sts", _, var account, var resource] && resource.Split('/') is ["assumed-role", var role, _]
            ? $"arn:aws:iam::{account}:role/{role}"
            : arn;
        return _allowedCallers.ContainsKey(canonical)
            ? arn
            : throw new EksAuthErrorException(EksAuthError.AccessDenied(
                $"User: {arn} is not authorized to perform: eks-auth:AssumeRoleForPodIdentity"));
    }

    private static string ReadToken(SignedRequest request)
    {
        try
        {
            using var body = JsonDocument.Parse(request.Body);
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: >= 1 and <= 65536 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }

        throw new EksAuthErrorException(EksAuthError.InvalidRequest("The request body must be {\"token\": \"<service account token>\"}."));
    }

    private IssuedCredential Issue(PodIdentityAssociation association, string clusterName, string serviceAccount)
    {
        var lifetime = _sts.MaxGrantedLifetime is { } cap && cap < GrantedLifetime ? cap : GrantedLifetime;
        var now = _time.GetUtcNow();
        var expiration = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        // EKS names the session eks-{cluster}-{pod}-{uuid}; a token bound to no pod names the ServiceAccount instead.
        var session = $"eks-{clusterName}-{serviceAccount}-{Guid.NewGuid():N}";
        session = session.Length > 64 ? session[..64] : session;
        var roleName = association.RoleArn[(association.RoleArn.LastIndexOf('/') + 1)..];
        var credential = new IssuedCredential(
            StsCredentialFactory.AccessKeyId(), StsCredentialFactory.SecretAccessKey(), StsCredentialFactory.SessionToken(),
            now, expiration, $"arn:aws:sts::{_sts.Account}:assumed-role/{roleName}/{session}",
            $"{StsCredentialFactory.RoleId(association.RoleArn)}:{session}", _sts.Account,
            $"system:serviceaccount:{association.Namespace}:{serviceAccount}");
        _sts.Remember(credential);
        return credential;
    }

    [GeneratedRegex(@"^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterNamePattern();
}
