using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Endpoints;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.KubeApi.Server;

/// <summary>
/// Authentication, reduced to one static bearer token (the kubeconfig's). Anything else → 401 Status.
/// Public paths (health, version, and those added via <see cref="AdditionalPublicPaths"/>, e.g. OIDC discovery) pass.
/// </summary>
internal sealed class BearerTokenCheck(string token)
{
    public List<PathString> AdditionalPublicPaths { get; } = [];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        var isPublic = HealthEndpoints.IsPublic(path) || AdditionalPublicPaths.Any(p => path.StartsWithSegments(p));
        var header = context.Request.Headers.Authorization.ToString();
        if (!isPublic && header != $"Bearer {token}")
        {
            await KubeResponses.WriteErrorAsync(context, StatusErrors.Unauthorized());
            return;
        }
        await next(context);
    }
}
