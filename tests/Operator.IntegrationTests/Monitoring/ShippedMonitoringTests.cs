using System.Text.Json.Nodes;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Monitoring;

/// <summary>
/// config/prometheus's alerts (rules.yaml, a PrometheusRule) and Grafana dashboard (dashboard.json): the rules pass
/// <c>promtool check rules</c> and their unit tests (rules.test.yaml, <c>promtool test rules</c>), the dashboard's
/// queries parse as PromQL, and every metric either of them reads is one a real operator exports, by a scrape of
/// /metrics after a run that makes every one of them appear.
/// </summary>
public sealed class ShippedMonitoringTests
{
    private const string RulesFile = "config/prometheus/rules.yaml";
    private const string DashboardFile = "config/prometheus/dashboard.json";
    private const string RuleTestsFile = "tests/Operator.IntegrationTests/Monitoring/rules.test.yaml";

    [Fact]
    public async Task Rules_PassPromtoolCheck_AndTheirUnitTests()
    {
        Promtool.SkipUnlessInstalled();
        using var directory = new TemporaryDirectory();
        // promtool reads plain rule files; JSON is YAML, so the PrometheusRule's spec is written as it is.
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "rules.json"), RuleGroups().ToJsonString());
        File.Copy(RepositoryFiles.Path(RuleTestsFile.Split('/')), Path.Combine(directory.Path, "rules.test.yaml"));

        var check = await Promtool.RunAsync(directory.Path, "check", "rules", "rules.json");
        var test = await Promtool.RunAsync(directory.Path, "test", "rules", "rules.test.yaml");

        Assert.True(check.ExitCode == 0, "promtool check rules:\n" + check.Output);
        Assert.True(test.ExitCode == 0, "promtool test rules:\n" + test.Output);
        Assert.Contains("SUCCESS", test.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardQueries_ParseAsPromQl()
    {
        Promtool.SkipUnlessInstalled();
        using var directory = new TemporaryDirectory();
        // Each panel query as a recording rule, so promtool's parser checks it; Grafana's variables get sample values.
        var rules = new JsonArray([.. DashboardExpressions().Select((expression, i) => new JsonObject
        {
            ["record"] = $"dashboard:query_{i}",
            ["expr"] = expression.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$job", "job", StringComparison.Ordinal),
        })]);
        var file = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "dashboard", ["rules"] = rules }) };
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "dashboard-queries.json"), file.ToJsonString());

        var check = await Promtool.RunAsync(directory.Path, "check", "rules", "dashboard-queries.json");

        Assert.True(check.ExitCode == 0, "promtool check rules on the dashboard's queries:\n" + check.Output);
        Assert.Contains($"{rules.Count} rules found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesAndDashboard_ReadOnlyMetricsTheOperatorExports()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        testbed.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(6);
        var cluster = new Cluster(testbed);
        const string ns = "monitoring-run";
        await testbed.AddIrsaServiceAccountAsync(ns, "app", "monitoring-run-app");
        await testbed.AddIrsaServiceAccountAsync(ns, "stranger", "monitoring-run-stranger");
        testbed.TrustRole("monitoring-run-stranger", ns, "someone-else");
        // A reconcile past its deadline is a reconcile error, retried with backoff: the error counters appear too.
        await testbed.StartOperatorAsync("--Operator:ReconcileTimeout=00:00:01");

        // An issue and a refresh (6 s lifetimes), a refusal, and an STS answer slower than the reconcile deadline.
        await cluster.CreateAsync(Cluster.Credential(ns, "app-aws", "app"));
        await cluster.CreateAsync(Cluster.Credential(ns, "denied", "stranger"));
        await cluster.ReadyAsync(ns, "app-aws", "Refreshed");
        await cluster.ReadyAsync(ns, "denied", "IdentityDenied");
        testbed.Sts.Faults.DelayNext(1, TimeSpan.FromSeconds(5));
        await cluster.CreateAsync(Cluster.Credential(ns, "slow", "app"));
        await cluster.ReadyAsync(ns, "slow", "Issued");
        using var http = new HttpClient { BaseAddress = testbed.Operator!.HttpAddress };
        var exported = ExportedNames(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken));

        var queried = RuleGroups()["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => ("rules.yaml " + (string?)(r!["alert"] ?? r["record"]), r!["expr"]!.GetValue<string>()))
            .Concat(DashboardExpressions().Select(e => ("dashboard.json", e)))
            .SelectMany(q => PromQlMetricNames.Of(q.Item2).Select(name => (Where: q.Item1, Name: name)))
            .ToList();
        var missing = queried.Where(q => !exported.Contains(q.Name)).Select(q => $"{q.Name} ({q.Where})").Distinct().ToList();
        Assert.True(missing.Count == 0, $"queried but not exported: [{string.Join(", ", missing)}]\nexported: [{string.Join(", ", exported.Order(StringComparer.Ordinal))}]");
        // The extraction found what both files are about (a guard against a parser that finds nothing).
        Assert.Contains(queried, q => q is { Where: "dashboard.json", Name: "workqueue_depth" });
        Assert.Contains(queried, q => q.Where.StartsWith("rules.yaml", StringComparison.Ordinal) && q.Name == "delegatedcredential_ready");
    }

    [Theory]
    [InlineData("sum by (provider, target) (rate(a_total{result!=\"success\"}[15m])) / sum by (provider) (rate(b_total[$__rate_interval]))", "a_total b_total")]
    [InlineData("(x_seconds - time() < 600) and on (namespace, name) (y{reason!~\"Issued|on\"} or on (name) (time() - z > 300))", "x_seconds y z")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(h_bucket{job=\"$job\"}[5m]))) or vector(0)", "h_bucket")]
    [InlineData("absent(up{job='a b'}) or sum(m offset 1h) > bool 1e3", "up m")]
    public void MetricNames_AreTheSelectorsOfAnExpression(string expression, string names) =>
        Assert.Equal(names.Split(' ').Order(StringComparer.Ordinal), PromQlMetricNames.Of(expression).Order(StringComparer.Ordinal));

    /// <summary>The PrometheusRule's spec: a plain rule file's <c>groups</c>.</summary>
    private static JsonObject RuleGroups()
    {
        var rule = Assert.Single(ShippedManifests.DocumentsOfFile(RulesFile));
        Assert.Equal("PrometheusRule", rule["kind"]!.GetValue<string>());
        return rule["spec"]!.AsObject();
    }

    private static List<string> DashboardExpressions()
    {
        var expressions = new List<string>();
        Collect(JsonNode.Parse(RepositoryFiles.Read(DashboardFile))!);
        Assert.NotEmpty(expressions);
        return expressions;

        void Collect(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "expr" && value is JsonValue v)
                        {
                            expressions.Add(v.GetValue<string>());
                        }
                        else if (value is not null)
                        {
                            Collect(value);
                        }
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a.OfType<JsonNode>())
                    {
                        Collect(item);
                    }
                    break;
            }
        }
    }

    /// <summary>The sample names of a Prometheus text exposition (histograms as their _bucket, _sum and _count).</summary>
    private static HashSet<string> ExportedNames(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("operator-monitoring-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
