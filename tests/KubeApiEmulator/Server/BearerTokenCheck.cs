using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Auth;
using Operator.Testing.KubeApi.Endpoints;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.KubeApi.Server;

/// <summary>
/// Authentication then authorization, in kube-apiserver's filter order: a bearer token the <see cref="Authenticator"/>
/// accepts (the static admin token or a ServiceAccount JWT this emulator issued), else 401 Status; then RBAC
/// (<see cref="RbacAuthorizer"/>) on the request's <see cref="RequestAttributes"/>, else the 403 Status of
/// k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage). Every authenticated request is
/// added to the <see cref="RequestLog"/>. Public paths (health, version, and those added via
/// <see cref="AdditionalPublicPaths"/>, e.g. OIDC discovery) pass without a token.
/// </summary>
internal sealed class BearerTokenCheck(Authenticator authenticator, RbacAuthorizer authorizer, RequestLog log, TimeProvider time)
{
    public List<PathString> AdditionalPublicPaths { get; } = [];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (HealthEndpoints.IsPublic(path) || AdditionalPublicPaths.Any(p => path.StartsWithSegments(p)))
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        var user = header.StartsWith("Bearer ", StringComparison.Ordinal) ? authenticator.Authenticate(header["Bearer ".Length..].Trim()) : null;
        if (user is null)
        {
            await KubeResponses.WriteErrorAsync(context, StatusErrors.Unauthorized());
            return;
        }
        var attributes = RequestAttributes.From(context.Request);
        var decision = authorizer.Authorize(user, attributes);
        log.Add(new RecordedRequest(time.GetUtcNow(), user.Name, attributes, decision.Allowed));
        if (!decision.Allowed)
        {
            await KubeResponses.WriteErrorAsync(context, Forbidden(user, attributes, decision.Reason));
            return;
        }
        using (RequestUser.Set(user))
        {
            await next(context);
        }
    }

    /// <summary>responsewriters.Forbidden: apierrors.NewForbidden(group resource, name, forbiddenMessage[: reason]).</summary>
    public static KubeApiException Forbidden(UserInfo user, RequestAttributes a, string reason)
    {
        var message = a.IsResourceRequest
            ? a.Namespace.Length > 0
                ? $"User \"{user.Name}\" cannot {a.Verb} resource \"{a.CombinedResource}\" in API group \"{a.ApiGroup}\" in the namespace \"{a.Namespace}\""
                : $"User \"{user.Name}\" cannot {a.Verb} resource \"{a.CombinedResource}\" in API group \"{a.ApiGroup}\" at the cluster scope"
            : $"User \"{user.Name}\" cannot {a.Verb} path \"{a.Path}\"";
        if (reason.Length > 0)
        {
            message = $"{message}: {reason}";
        }
        if (!a.IsResourceRequest)
        {
            return StatusErrors.New(403, "Forbidden", $"forbidden: {message}", []);
        }
        var qualified = a.ApiGroup.Length == 0 ? a.Resource : $"{a.Resource}.{a.ApiGroup}";
        return StatusErrors.New(403, "Forbidden",
            a.Name.Length > 0 ? $"{qualified} \"{a.Name}\" is forbidden: {message}" : $"{qualified} is forbidden: {message}",
            StatusErrors.Details(a.Name, a.ApiGroup, a.Resource));
    }
}
