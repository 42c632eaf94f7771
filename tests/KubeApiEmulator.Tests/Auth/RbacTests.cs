using System.Net;
using System.Text.Json.Nodes;
using static Operator.Testing.Tests.Auth.AuthCluster;

namespace Operator.Testing.Tests.Auth;

/// <summary>
/// ServiceAccount tokens authenticate, RBAC authorizes them, refusals are kube-apiserver's 403 Status
/// (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go forbiddenMessage), the admin token stays all-powerful.
/// </summary>
public sealed class RbacTests(AuthCluster cluster) : IClassFixture<AuthCluster>
{
    [Fact]
    public async Task ServiceAccountWithoutRbac_Get_Is403WithTheRealStatus()
    {
        using var sa = await cluster.AsServiceAccountAsync("rbac-none", "reader");

        using var response = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-none/secrets/x");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"x\" is forbidden: User \"system:serviceaccount:rbac-none:reader\" cannot get resource \"secrets\" in API group \"\" in the namespace \"rbac-none\"","reason":"Forbidden","details":{"name":"x","kind":"secrets"},"code":403}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RbacChanges_TakeEffectOnTheNextRequest()
    {
        // The authorizer reads shared copies of the RBAC objects, made again after each write to them.
        using var sa = await cluster.AsServiceAccountAsync("rbac-change", "reader");
        using var before = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-change/secrets");
        await CreateAllAsync(cluster.Admin, [
            Role("Role", "secret-lister", "rbac-change", Rule([""], ["secrets"], ["list"])),
            Binding("reader", "rbac-change", "Role", "secret-lister", "rbac-change", "reader"),
        ]);
        using var granted = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-change/secrets");
        using var deleted = await SendAsync(cluster.Admin, HttpMethod.Delete, "/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-change/rolebindings/reader");
        using var after = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-change/secrets");

        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden),
            (before.StatusCode, granted.StatusCode, deleted.StatusCode, after.StatusCode));
    }

    [Fact]
    public async Task ClusterScopeAndNonResourceRefusals_NameTheScopeAndPath()
    {
        using var sa = await cluster.AsServiceAccountAsync("rbac-scope", "reader");

        using var list = await SendAsync(sa, HttpMethod.Get, "/apis/apps/v1/deployments");
        using var path = await SendAsync(sa, HttpMethod.Get, "/metrics");
        using var discovery = await SendAsync(sa, HttpMethod.Get, "/apis");

        Assert.Equal("deployments.apps is forbidden: User \"system:serviceaccount:rbac-scope:reader\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope",
            (await BodyAsync(list))["message"]!.GetValue<string>());
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \"system:serviceaccount:rbac-scope:reader\" cannot get path \"/metrics\"","reason":"Forbidden","details":{},"code":403}""",
            await path.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode); // system:discovery, bound to system:authenticated
    }

    [Fact]
    public async Task RoleBinding_GrantsItsRulesInItsNamespaceOnly()
    {
        await CreateAllAsync(cluster.Admin, [
            Role("Role", "secret-reader", "rbac-role", Rule([""], ["secrets"], ["get", "list"])),
            Binding("reader", "rbac-role", "Role", "secret-reader", "rbac-role", "reader"),
        ]);
        using var sa = await cluster.AsServiceAccountAsync("rbac-role", "reader");
        using var _ = await SendAsync(cluster.Admin, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "rbac-role-other" } });

        using var get = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-role/secrets/x");
        using var listed = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-role/secrets");
        using var create = await PostAsync(sa, "/api/v1/namespaces/rbac-role/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "y" } });
        using var elsewhere = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-role-other/secrets");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
    }

    [Fact]
    public async Task SubresourceAndResourceNames_AreMatchedExactly()
    {
        await CreateAllAsync(cluster.Admin, [
            Role("ClusterRole", "token-for-app", null, Rule([""], ["serviceaccounts/token"], ["create"], ["app"]), Rule(["*"], ["*/status"], ["get"])),
            Binding("minter", "rbac-names", "ClusterRole", "token-for-app", "rbac-names", "minter"),
        ]);
        using var sa = await cluster.AsServiceAccountAsync("rbac-names", "minter");
        await cluster.AsServiceAccountAsync("rbac-names", "app");
        await cluster.AsServiceAccountAsync("rbac-names", "other");

        using var app = await PostAsync(sa, "/api/v1/namespaces/rbac-names/serviceaccounts/app/token", new JsonObject());
        using var other = await PostAsync(sa, "/api/v1/namespaces/rbac-names/serviceaccounts/other/token", new JsonObject());
        using var plain = await SendAsync(sa, HttpMethod.Get, "/api/v1/namespaces/rbac-names/serviceaccounts/app");
        using var status = await SendAsync(sa, HttpMethod.Get, "/apis/apps/v1/namespaces/rbac-names/deployments/web/status");

        Assert.Equal(HttpStatusCode.Created, app.StatusCode);
        Assert.Equal("serviceaccounts \"other\" is forbidden: User \"system:serviceaccount:rbac-names:minter\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"rbac-names\"",
            (await BodyAsync(other))["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode); // `*/status` allows it; the Deployment does not exist
    }

    [Fact]
    public async Task Tokens_ForAnotherAudienceOrADeletedServiceAccount_Are401()
    {
        await cluster.AsServiceAccountAsync("rbac-tokens", "gone");
        var token = cluster.Emulator.CreateServiceAccountToken("rbac-tokens", "gone");
        using var sts = await PostAsync(cluster.Admin, "/api/v1/namespaces/rbac-tokens/serviceaccounts/gone/token",
            JsonNode.Parse("""{"spec":{"audiences":["sts.amazonaws.com"]}}""")!);
        var stsToken = (await BodyAsync(sts))["status"]!["token"]!.GetValue<string>();
        using var deleted = await SendAsync(cluster.Admin, HttpMethod.Delete, "/api/v1/namespaces/rbac-tokens/serviceaccounts/gone");

        foreach (var bearer in new[] { token, stsToken, "not-a-token" })
        {
            using var client = cluster.Emulator.CreateHttpClient(authenticated: false);
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
            using var response = await SendAsync(client, HttpMethod.Get, "/api/v1/namespaces");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task AggregatedRoles_ViewReadsAndEditWritesDelegatedCredentials()
    {
        await cluster.ApplyAsync("config/rbac/aggregate");
        await CreateAllAsync(cluster.Admin, [
            Binding("viewer", "rbac-agg", "ClusterRole", "view", "rbac-agg", "viewer"),
            Binding("editor", "rbac-agg", "ClusterRole", "edit", "rbac-agg", "editor"),
        ]);
        using var viewer = await cluster.AsServiceAccountAsync("rbac-agg", "viewer");
        using var editor = await cluster.AsServiceAccountAsync("rbac-agg", "editor");
        const string path = "/apis/credentials.delegated.dev/v1alpha1/namespaces/rbac-agg/delegatedcredentials";

        using var viewerList = await SendAsync(viewer, HttpMethod.Get, path);
        using var viewerCreate = await PostAsync(viewer, path, Credential("rbac-agg", "c", "editor"));
        using var editorDelete = await SendAsync(editor, HttpMethod.Delete, path + "/c");

        Assert.Equal(HttpStatusCode.OK, viewerList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerCreate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, editorDelete.StatusCode);
    }

    [Fact]
    public async Task Reviews_TokenReviewAndSubjectAccessReview_AnswerByTheSameRbac()
    {
        await CreateAllAsync(cluster.Admin, [
            Role("ClusterRole", "metrics-reader", null, new JsonObject { ["nonResourceURLs"] = new JsonArray("/metrics"), ["verbs"] = new JsonArray("get") }),
            Binding("scraper", null, "ClusterRole", "metrics-reader", "rbac-reviews", "scraper"),
        ]);
        await cluster.AsServiceAccountAsync("rbac-reviews", "scraper");
        var token = cluster.Emulator.CreateServiceAccountToken("rbac-reviews", "scraper");

        using var good = await PostAsync(cluster.Admin, "/apis/authentication.k8s.io/v1/tokenreviews",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenReview", ["spec"] = new JsonObject { ["token"] = token } });
        using var bad = await PostAsync(cluster.Admin, "/apis/authentication.k8s.io/v1/tokenreviews",
            new JsonObject { ["spec"] = new JsonObject { ["token"] = "garbage" } });
        var user = (await BodyAsync(good))["status"]!;
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.True(user["authenticated"]!.GetValue<bool>());
        Assert.Equal("system:serviceaccount:rbac-reviews:scraper", user["user"]!["username"]!.GetValue<string>());
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:rbac-reviews", "system:authenticated"],
            user["user"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Null((await BodyAsync(bad))["status"]!["authenticated"]);

        async Task<JsonNode> Review(JsonObject attributes)
        {
            var spec = new JsonObject { ["user"] = "system:serviceaccount:rbac-reviews:scraper", ["groups"] = user["user"]!["groups"]!.DeepClone() };
            foreach (var (k, v) in attributes)
            {
                spec[k] = v!.DeepClone();
            }
            using var response = await PostAsync(cluster.Admin, "/apis/authorization.k8s.io/v1/subjectaccessreviews", new JsonObject { ["spec"] = spec });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await BodyAsync(response))["status"]!;
        }
        var metrics = await Review(new JsonObject { ["nonResourceAttributes"] = new JsonObject { ["path"] = "/metrics", ["verb"] = "get" } });
        var secrets = await Review(new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = "list", ["resource"] = "secrets", ["namespace"] = "x" } });
        Assert.True(metrics["allowed"]!.GetValue<bool>());
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"scraper\" of ClusterRole \"metrics-reader\" to ServiceAccount \"scraper/rbac-reviews\"",
            metrics["reason"]!.GetValue<string>());
        Assert.False(secrets["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ShippedMetricsAuthRole_LetsTheOperatorCreateReviews_AndNothingElse()
    {
        using (await PostAsync(cluster.Admin, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "delegated-credentials-system" } }))
        {
        }
        await cluster.ApplyAsync("config/rbac/common");
        var token = cluster.Emulator.CreateServiceAccountToken("delegated-credentials-system", "delegated-credentials-operator");
        using var op = cluster.Emulator.CreateHttpClient(authenticated: false);
        op.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var review = await PostAsync(op, "/apis/authentication.k8s.io/v1/tokenreviews", new JsonObject { ["spec"] = new JsonObject { ["token"] = token } });
        using var access = await PostAsync(op, "/apis/authorization.k8s.io/v1/subjectaccessreviews", JsonNode.Parse(
            """{"spec":{"user":"u","nonResourceAttributes":{"path":"/metrics","verb":"get"}}}""")!);
        using var secrets = await SendAsync(op, HttpMethod.Get, "/api/v1/secrets");

        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        Assert.Equal(HttpStatusCode.Created, access.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, secrets.StatusCode);
    }
}
