using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.KubeApi.Endpoints;

/// <summary>
/// `/version` and the health checks (P6). The version is 1.33: the machine's `kubectl` is gcloud's dispatcher, which
/// picks the bundled kubectl matching the server's minor version and ships only 1.27–1.33.
/// </summary>
internal static class HealthEndpoints
{
    public const string GitVersion = "v1.33.4";

    /// <summary>Paths served without a bearer token (anonymous access to these is allowed by default RBAC).</summary>
    public static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/version") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/livez")
        || path.StartsWithSegments("/readyz");

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/version", (HttpContext c) => KubeResponses.WriteJsonAsync(c, 200, new JsonObject
        {
            ["major"] = "1",
            ["minor"] = "33",
            ["gitVersion"] = GitVersion,
            ["gitCommit"] = "74e84a90c725047b1328ff3d589fedb1cb7a120e",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-08-15T00:00:00Z",
            ["goVersion"] = "go1.24.5",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        }));
        foreach (var check in new[] { "/healthz", "/livez", "/readyz" })
        {
            app.MapGet(check, (HttpContext c) => KubeResponses.WriteTextAsync(c, 200,
                c.Request.Query.ContainsKey("verbose") ? "[+]ping ok\n[+]log ok\n[+]etcd ok\n" + check[1..] + " check passed\n" : "ok"));
        }
    }
}
