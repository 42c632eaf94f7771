using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Auth;

/// <summary>
/// The review APIs an operator uses to protect its own endpoints (controller-runtime's secure metrics filter) and
/// that `kubectl auth can-i` uses: `authentication.k8s.io/v1 tokenreviews` (is this token one of ours, and whose),
/// `authorization.k8s.io/v1 subjectaccessreviews` (may this user do that, by the same RBAC) and
/// `selfsubjectaccessreviews` (may I). Each answers 201 with the request's spec and a status, as
/// pkg/registry/authentication/tokenreview and pkg/registry/authorization/*/rest.go do.
/// </summary>
internal sealed class ReviewEndpoints(Authenticator authenticator, RbacAuthorizer authorizer, RequestBodyDecoders decoders)
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/apis/authentication.k8s.io/v1/tokenreviews", (HttpContext c) => Serve(c, (e, body) => e.TokenReview(body)));
        app.MapPost("/apis/authorization.k8s.io/v1/subjectaccessreviews", (HttpContext c) => Serve(c, (e, body) => e.SubjectAccessReview(body)));
        app.MapPost("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            (HttpContext c) => Serve(c, (e, body) => e.SelfSubjectAccessReview(body, RequestUser.Current)));
    }

    private static async Task Serve(HttpContext context, Func<ReviewEndpoints, JsonObject, JsonObject> review)
    {
        var endpoints = context.RequestServices.GetRequiredService<ReviewEndpoints>();
        var body = await endpoints.DecodeAsync(context.Request, context.RequestAborted);
        await KubeResponses.WriteJsonAsync(context, 201, review(endpoints, body));
    }

    private Task<JsonObject> DecodeAsync(HttpRequest request, CancellationToken ct) => decoders.DecodeObjectAsync(request, ct);

    public JsonObject TokenReview(JsonObject body)
    {
        var review = Echo(body, "authentication.k8s.io/v1", "TokenReview");
        var token = review["spec"]?["token"]?.GetValue<string>() ?? "";
        var audiences = (review["spec"]?["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").ToList();
        var user = authenticator.Authenticate(token, audiences is { Count: > 0 } ? audiences : null);
        review["status"] = user is null
            ? new JsonObject { ["user"] = new JsonObject(), ["error"] = "[invalid bearer token, token lookup failed]" }
            : new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = user.ToJson(),
                ["audiences"] = new JsonArray([.. (audiences is { Count: > 0 } ? audiences : [authenticator.ApiAudience]).Select(a => (JsonNode)a)]),
            };
        return review;
    }

    public JsonObject SubjectAccessReview(JsonObject body)
    {
        var review = Echo(body, "authorization.k8s.io/v1", "SubjectAccessReview");
        var spec = review["spec"] as JsonObject ?? [];
        var name = spec["user"]?.GetValue<string>() ?? "";
        var groups = (spec["groups"] as JsonArray)?.Select(g => g?.GetValue<string>() ?? "").ToList() ?? [];
        var causes = AttributeCauses(spec);
        if (name.Length == 0 && groups.Count == 0)
        {
            causes.Add(new("FieldValueInvalid", "Invalid value: \"\": at least one of user or group must be specified", "spec.user"));
        }
        if (causes.Count > 0)
        {
            throw StatusErrors.Invalid("SubjectAccessReview.authorization.k8s.io", "authorization.k8s.io", "SubjectAccessReview", "", causes);
        }
        review["status"] = Decide(new UserInfo(name, spec["uid"]?.GetValue<string>() ?? "", groups), spec);
        return review;
    }

    public JsonObject SelfSubjectAccessReview(JsonObject body, UserInfo user)
    {
        var review = Echo(body, "authorization.k8s.io/v1", "SelfSubjectAccessReview");
        var spec = review["spec"] as JsonObject ?? [];
        var causes = AttributeCauses(spec);
        if (causes.Count > 0)
        {
            throw StatusErrors.Invalid("SelfSubjectAccessReview.authorization.k8s.io", "authorization.k8s.io", "SelfSubjectAccessReview", "", causes);
        }
        review["status"] = Decide(user, spec);
        return review;
    }

    /// <summary>pkg/apis/authorization/validation: exactly one of resourceAttributes and nonResourceAttributes.</summary>
    private static List<FieldCause> AttributeCauses(JsonObject spec)
    {
        var (resource, nonResource) = (spec["resourceAttributes"] is JsonObject, spec["nonResourceAttributes"] is JsonObject);
        return (resource, nonResource) switch
        {
            (false, false) => [new("FieldValueRequired", "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified",
                "spec.resourceAttributes")],
            (true, true) => [new("FieldValueInvalid", "Invalid value: \"\": cannot be specified in combination with resourceAttributes",
                "spec.nonResourceAttributes")],
            _ => [],
        };
    }

    private JsonObject Decide(UserInfo user, JsonObject spec)
    {
        static string S(JsonNode? n) => n?.GetValue<string>() ?? "";
        var attributes = spec["resourceAttributes"] is JsonObject r
            ? RequestAttributes.ForResource(S(r["verb"]), S(r["group"]), S(r["resource"]), S(r["namespace"]), S(r["name"]), S(r["subresource"]),
                S(r["version"]))
            : RequestAttributes.ForPath(S(spec["nonResourceAttributes"]?["verb"]), S(spec["nonResourceAttributes"]?["path"]));
        var decision = authorizer.Authorize(user, attributes);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }
        return status;
    }

    /// <summary>The answer echoes the request's spec, with its type meta and an unset creationTimestamp.</summary>
    private static JsonObject Echo(JsonObject body, string apiVersion, string kind) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = apiVersion,
        ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        ["spec"] = body["spec"]?.DeepClone() ?? new JsonObject(),
    };
}
