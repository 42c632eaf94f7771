using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;
using Operator.Testing.KubeApi.Auth;

namespace Operator.IntegrationTests.Rbac;

/// <summary>
/// The operator under exactly the shipped RBAC (config/rbac, config/components/restart-on-rotation): every call it makes
/// over a run that exercises its features is allowed, and every verb × resource the shipped rules grant it is used,
/// except the ones listed in <see cref="UnusedByDesign"/> with the reason.
/// </summary>
public sealed class ShippedRbacTests
{
    /// <summary>Granted but not reached by this run, each for a stated reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnusedByDesign = new Dictionary<string, string>
    {
        ["delete secrets"] = "a Secret is deleted and re-created only when the credential's Secret type changes",
        ["get configmaps"] = "read only for an http target's caBundle.configMapKeyRef",
    };

    [Fact]
    public async Task OperatorUnderShippedRbac_EveryCallIsAllowed_AndEveryGrantIsUsed()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        testbed.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(6);
        var cluster = new Cluster(testbed);
        const string ns = "rbac-run";
        await testbed.AddIrsaServiceAccountAsync(ns, "app", "rbac-run-app");
        await testbed.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web"), ns);
        await testbed.Client.AppsV1.CreateNamespacedStatefulSetAsync(Workloads.StatefulSet("db"), ns);
        await testbed.Client.AppsV1.CreateNamespacedDaemonSetAsync(Workloads.DaemonSet("agent"), ns);
        await testbed.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "foreign" } }, ns);
        // Secure metrics, as shipped: the scrape below goes through TokenReview and SubjectAccessReview as the operator.
        await testbed.StartOperatorAsync("--Operator:Http:MetricsAuth=Kubernetes");

        // Issue and refresh (6 s lifetimes), rolling three kinds of workload; a Secret someone else owns; a ServiceAccount that does
        // not exist; then a graceful stop.
        var credential = Cluster.Credential(ns, "app-aws", "app");
        await cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                RestartOnRotation =
                [
                    new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "web" },
                    new WorkloadReference { Kind = WorkloadKind.StatefulSet, Name = "db" },
                    new WorkloadReference { Kind = WorkloadKind.DaemonSet, Name = "agent" },
                ],
            },
        });
        await cluster.CreateAsync(Cluster.Credential(ns, "conflict", "app", secretName: "foreign"));
        // A ServiceAccount the cache does not hold is asked of the server (get serviceaccounts).
        await cluster.CreateAsync(Cluster.Credential(ns, "no-account", "ghost"));
        await cluster.ReadyAsync(ns, "app-aws", "Issued");
        await cluster.ReadyAsync(ns, "conflict", "SecretConflict");
        await cluster.ReadyAsync(ns, "no-account", "ServiceAccountNotFound");
        // Its retries (0.5 s apart here) repeat the same Warning, which is bumped instead of re-created (patch events).
        await Eventually.MatchAsync(() => testbed.Client.CoreV1.ListNamespacedEventAsync(ns),
            list => list.Items.Any(e => e is { Reason: "ServiceAccountNotFound", Count: >= 2 }), "a repeated ServiceAccountNotFound Event");
        await cluster.ReadyAsync(ns, "app-aws", "Refreshed");
        var (scraper, tenant) = await ScrapeMetricsAsync(testbed);
        await testbed.StopOperatorAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (scraper, tenant));

        var calls = testbed.Kube.Requests.By(ShippedManifests.OperatorUser);
        var refused = calls.Where(c => !c.Allowed).Select(c => $"{c.Attributes.Verb} {c.Attributes.Path}").Distinct().ToList();
        Assert.True(refused.Count == 0, "refused calls:\n" + string.Join("\n", refused));

        var used = calls.Select(c => Key(c.Attributes.Verb, c.Attributes.ApiGroup, c.Attributes.CombinedResource)).ToHashSet();
        var granted = GrantedToOperator();
        var unusedGrants = granted.Except(used).Except(UnusedByDesign.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = UnusedByDesign.Keys.Where(k => !granted.Contains(k) || used.Contains(k)).ToList();
        Assert.True(unusedGrants.Count == 0 && stale.Count == 0,
            $"granted but never used: [{string.Join(", ", unusedGrants)}]\nexceptions no longer true: [{string.Join(", ", stale)}]\n"
            + $"used: [{string.Join(", ", used.Order(StringComparer.Ordinal))}]");
        // The calls the features need were really made as the ServiceAccount (not by an admin kubeconfig).
        Assert.Contains("patch statefulsets.apps", used);
        Assert.Contains("create serviceaccounts/token", used);
    }

    [Fact]
    public async Task OperatorWithoutRestartOnRotationComponent_WorkloadPatchIsForbidden()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        const string ns = "rbac-no-restart";
        await testbed.AddIrsaServiceAccountAsync(ns, "app", "rbac-no-restart-app");
        await testbed.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web"), ns);
        await testbed.Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync("delegated-credentials-operator-restart-on-rotation",
            cancellationToken: TestContext.Current.CancellationToken);
        await testbed.StartOperatorAsync();
        var cluster = new Cluster(testbed);

        var credential = Cluster.Credential(ns, "app-aws", "app");
        await cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "web" }] },
        });

        var refused = await Eventually.MatchAsync(() => Task.FromResult(testbed.Kube.Requests.By(ShippedManifests.OperatorUser)),
            calls => calls.Any(c => !c.Allowed), "a refused call");
        Assert.All(refused.Where(c => !c.Allowed), c => Assert.Equal(
            RequestAttributes.ForResource("get", "apps", "deployments", ns, "web") with { ApiVersion = "v1", Path = $"/apis/apps/v1/namespaces/{ns}/deployments/web" },
            c.Attributes));
        await Eventually.MatchAsync(() => testbed.Client.CoreV1.ListNamespacedEventAsync(ns),
            list => list.Items.Any(e => e.Reason == "RolloutRestartFailed" && e.InvolvedObject.Name == "app-aws"), "a RolloutRestartFailed event");
    }

    /// <summary>
    /// Scrapes /metrics as Prometheus (its ServiceAccount bound by config/prometheus to get /metrics) and as a tenant's
    /// ServiceAccount; the status codes of both.
    /// </summary>
    private static async Task<(HttpStatusCode Scraper, HttpStatusCode Tenant)> ScrapeMetricsAsync(OperatorTestbed testbed)
    {
        await testbed.EnsureNamespaceAsync("monitoring");
        await testbed.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "prometheus-k8s" } }, "monitoring");
        // config/prometheus also holds a ServiceMonitor, a kind this cluster does not serve: only the RBAC files are applied.
        foreach (var document in new[] { "metrics_reader_role.yaml", "metrics_reader_binding.yaml" }
            .SelectMany(file => ShippedManifests.DocumentsOfFile("config/prometheus/" + file)))
        {
            await ShippedManifests.CreateAsync(testbed.Client, document, TestContext.Current.CancellationToken);
        }

        // The scraper does not verify the operator's self-signed certificate (config/prometheus/monitor.yaml).
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = testbed.Operator!.HttpsAddress,
        };

        async Task<HttpStatusCode> ScrapeAsAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        return (await ScrapeAsAsync(testbed.Kube.CreateServiceAccountToken("monitoring", "prometheus-k8s")),
            await ScrapeAsAsync(testbed.Kube.CreateServiceAccountToken("rbac-run", "app")));
    }

    private static string Key(string verb, string group, string resource) => group.Length == 0 ? $"{verb} {resource}" : $"{verb} {resource}.{group}";

    /// <summary>verb × resource of every rule the shipped bindings give the operator's ServiceAccount.</summary>
    private static HashSet<string> GrantedToOperator()
    {
        var documents = OperatorTestbed.ShippedConfig.SelectMany(ShippedManifests.Documents).ToList();
        var roles = documents.Where(d => d["kind"]!.GetValue<string>() is "Role" or "ClusterRole")
            .ToDictionary(d => $"{d["kind"]}/{d["metadata"]!["name"]}", d => d);
        var granted = new HashSet<string>();
        foreach (var binding in documents.Where(d => d["kind"]!.GetValue<string>() is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subjects = binding["subjects"]!.AsArray();
            if (!subjects.Any(s => s!["kind"]!.GetValue<string>() == "ServiceAccount"
                && s["name"]!.GetValue<string>() == ShippedManifests.OperatorServiceAccount
                && s["namespace"]!.GetValue<string>() == ShippedManifests.OperatorNamespace))
            {
                continue;
            }
            var role = roles[$"{binding["roleRef"]!["kind"]}/{binding["roleRef"]!["name"]}"];
            foreach (var rule in role["rules"]!.AsArray().OfType<JsonObject>())
            {
                foreach (var group in rule["apiGroups"]!.AsArray())
                {
                    foreach (var resource in rule["resources"]!.AsArray())
                    {
                        foreach (var verb in rule["verbs"]!.AsArray())
                        {
                            granted.Add(Key(verb!.GetValue<string>(), group!.GetValue<string>(), resource!.GetValue<string>()));
                        }
                    }
                }
            }
        }
        return granted;
    }
}
