using System.Net;
using System.Text.Json.Nodes;
using static Operator.Testing.Tests.Auth.AuthCluster;

namespace Operator.Testing.Tests.Auth;

/// <summary>
/// The shipped admission policy (config/admission) on the emulator: a DelegatedCredential's author must be allowed to
/// create tokens for the ServiceAccount it names and to patch its restartOnRotation workloads, on CREATE and UPDATE.
/// Denials have dispatcher.go's shape: `… is forbidden: ValidatingAdmissionPolicy '…' with binding '…' denied request: …`.
/// </summary>
public sealed class AuthorPolicyTests(AuthCluster cluster) : IClassFixture<AuthCluster>, IAsyncLifetime
{
    private const string Policy = "delegated-credentials-author-permissions";
    private const string Path = "/apis/credentials.delegated.dev/v1alpha1/namespaces/{0}/delegatedcredentials";
    private static bool s_applied;

    public async ValueTask InitializeAsync()
    {
        if (!s_applied)
        {
            s_applied = true;
            await cluster.ApplyAsync("config/admission", "config/rbac/aggregate");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>An author with `edit` in <paramref name="ns"/> (which aggregates the DelegatedCredential editor role) and the extra rules given.</summary>
    private async Task<HttpClient> AuthorAsync(string ns, params JsonObject[] rules)
    {
        await CreateAllAsync(cluster.Admin, [Binding("author-edit", ns, "ClusterRole", "edit", ns, "author")]);
        if (rules.Length > 0)
        {
            await CreateAllAsync(cluster.Admin, [Role("Role", "author-extra", ns, rules), Binding("author-extra", ns, "Role", "author-extra", ns, "author")]);
        }
        await cluster.AsServiceAccountAsync(ns, "app");
        await cluster.AsServiceAccountAsync(ns, "other");
        return await cluster.AsServiceAccountAsync(ns, "author");
    }

    private static string Denied(string ns, string name, string message) =>
        $"delegatedcredentials.credentials.delegated.dev \"{name}\" is forbidden: ValidatingAdmissionPolicy '{Policy}' with binding '{Policy}' denied request: {message}";

    [Fact]
    public async Task AuthorWithoutTokenCreate_CannotCreateACredentialNamingTheServiceAccount()
    {
        const string ns = "vap-no-token";
        using var author = await AuthorAsync(ns);

        using var response = await PostAsync(author, string.Format(Path, ns), Credential(ns, "c", "app"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var status = await BodyAsync(response);
        var message = $"user system:serviceaccount:{ns}:author may not create tokens for ServiceAccount {ns}/app (create serviceaccounts/token), which spec.serviceAccountName asks the operator to do";
        Assert.Equal(Denied(ns, "c", message), status["message"]!.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal($"ValidatingAdmissionPolicy '{Policy}' with binding '{Policy}' denied request: {message}",
            status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AuthorWithTokenCreateForThatServiceAccount_Creates_ButCannotSwitchToAnother()
    {
        const string ns = "vap-token";
        using var author = await AuthorAsync(ns, Rule([""], ["serviceaccounts/token"], ["create"], ["app"]));

        using var created = await PostAsync(author, string.Format(Path, ns), Credential(ns, "c", "app"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var switched = await SendAsync(author, HttpMethod.Patch, string.Format(Path, ns) + "/c",
            JsonNode.Parse("""{"spec":{"serviceAccountName":"other"}}"""), "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Forbidden, switched.StatusCode);
        Assert.Contains("may not create tokens for ServiceAccount vap-token/other", (await BodyAsync(switched))["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var relabelled = await SendAsync(author, HttpMethod.Patch, string.Format(Path, ns) + "/c",
            JsonNode.Parse("""{"metadata":{"labels":{"team":"a"}}}"""), "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, relabelled.StatusCode);
    }

    [Fact]
    public async Task RestartOnRotation_NeedsPatchOnEachWorkload()
    {
        const string ns = "vap-restart";
        using var author = await AuthorAsync(ns, Rule([""], ["serviceaccounts/token"], ["create"]), Rule(["apps"], ["deployments"], ["patch"], ["web"]));

        using var refused = await PostAsync(author, string.Format(Path, ns), Credential(ns, "c", "app", ("Deployment", "web"), ("StatefulSet", "db")));
        using var allowed = await PostAsync(author, string.Format(Path, ns), Credential(ns, "d", "app", ("Deployment", "web")));

        Assert.Equal(Denied(ns, "c", $"user system:serviceaccount:{ns}:author may not patch StatefulSet {ns}/db, which spec.restartOnRotation asks the operator to restart"),
            (await BodyAsync(refused))["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Fact]
    public async Task Admin_IsAllowedEverything()
    {
        using (await PostAsync(cluster.Admin, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "vap-admin" } }))
        {
        }

        using var response = await PostAsync(cluster.Admin, string.Format(Path, "vap-admin"), Credential("vap-admin", "c", "anyone", ("DaemonSet", "agent")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PolicyWithoutMessageOrReason_Is422WithFailedExpression()
    {
        await CreateAllAsync(cluster.Admin, [
            JsonNode.Parse("""
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"no-blue"},
                 "spec":{"matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["configmaps"]}]},
                         "validations":[{"expression":"!has(object.data) || !('blue' in object.data)"}]}}
                """)!.AsObject(),
            JsonNode.Parse("""
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"no-blue-everywhere"},
                 "spec":{"policyName":"no-blue","validationActions":["Deny"]}}
                """)!.AsObject(),
        ]);
        using var _ = await PostAsync(cluster.Admin, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "vap-plain" } });

        using var response = await PostAsync(cluster.Admin, "/api/v1/namespaces/vap-plain/configmaps",
            JsonNode.Parse("""{"metadata":{"name":"m"},"data":{"blue":"1"}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"m\" is forbidden: ValidatingAdmissionPolicy 'no-blue' with binding 'no-blue-everywhere' denied request: failed expression: !has(object.data) || !('blue' in object.data)","reason":"Invalid","details":{"name":"m","kind":"configmaps","causes":[{"message":"ValidatingAdmissionPolicy 'no-blue' with binding 'no-blue-everywhere' denied request: failed expression: !has(object.data) || !('blue' in object.data)"}]},"code":422}""",
            await response.Content.ReadAsStringAsync());
    }
}
