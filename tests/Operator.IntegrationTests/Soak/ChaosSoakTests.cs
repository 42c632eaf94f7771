using System.Globalization;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Datadog;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Soak;

/// <summary>
/// docs/behaviour.md §2, §3 and §7 under chaos, through the real operator host: tens of short-lived credentials while
/// the Kubernetes emulator throws 409s, 500s and 429s at Secret writes and status patches and drops and expires
/// watches, and STS throttles, answers slowly, then goes down for a "3-minute" outage. The clock is scaled
/// (<see cref="SoakSchedule"/>; docs/testing.md "Chaos soak"); <c>SOAK_SCALE=10</c> makes it a long run.
/// </summary>
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    private const string Namespace = "soak";
    private const string Org = "99999999-2222-3333-4444-555555555555";
    private const int AwsCredentials = 20;
    private const int DatadogCredentials = 4;
    private const int Credentials = AwsCredentials + DatadogCredentials;

    [Fact]
    public async Task Credentials_StayValid_StayPolite_AndRecover_UnderChaos()
    {
        var schedule = SoakSchedule.FromEnvironment();
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        var datadog = new DatadogEmulator(testbed.Sts, TimeProvider.System) { TokenLifetime = SoakSchedule.Lifetime };
        await using var vendors = await CloudHost.StartAsync(datadog);
        testbed.WatchForLeaks(() => [.. datadog.Issued.Select(t => t.AccessToken)]);
        testbed.Sts.MaxGrantedLifetime = SoakSchedule.Lifetime;
        var role = await testbed.AddIrsaServiceAccountAsync(Namespace, "app", "soak-app");
        datadog.AddOrg(Org, role);
        using var timeline = new ClusterTimeline(testbed.Kube, Namespace);
        await testbed.StartOperatorAsync(SoakSchedule.OperatorArgs());
        var cluster = new Cluster(testbed);
        var names = new List<string>();
        for (var i = 0; i < AwsCredentials; i++)
        {
            names.Add($"aws-{i:00}");
            await cluster.CreateAsync(Cluster.Credential(Namespace, names[^1], "app"));
        }

        for (var i = 0; i < DatadogCredentials; i++)
        {
            names.Add($"datadog-{i:00}");
            var credential = Cluster.Credential(Namespace, names[^1], "app");
            await cluster.CreateAsync(credential with
            {
                Spec = credential.Spec with
                {
                    Target = new TargetSpec { Datadog = new DatadogTargetSpec { OrgUuid = Org, Url = vendors.BaseAddress.ToString() } },
                },
            });
        }

        await AllFreshlyReadyAsync(cluster, names, TimeSpan.FromSeconds(30));
        var started = DateTimeOffset.UtcNow;

        var chaos = new ChaosDriver(testbed.Kube, testbed.Sts, SoakSchedule.RecoveryBound(Credentials));
        await using (chaos)
        {
            chaos.Start();
            await Task.Delay(schedule.ChaosBefore, TestContext.Current.CancellationToken);
            chaos.StartOutage();
            await Task.Delay(schedule.Outage, TestContext.Current.CancellationToken);
            chaos.EndOutage();
            await Task.Delay(schedule.ChaosAfter, TestContext.Current.CancellationToken);
        }

        var calmed = DateTimeOffset.UtcNow;
        // 4. Every object converges once the faults stop: Ready True with a fresh credential, Secret not expired.
        await AllFreshlyReadyAsync(cluster, names, 3 * SoakSchedule.ExpiredCadence + SoakSchedule.Lifetime);
        var ended = DateTimeOffset.UtcNow;
        var outageStart = chaos.OutageStarted!.Value;
        var outageEnd = chaos.OutageEnded!.Value;
        var recoveryBound = SoakSchedule.RecoveryBound(Credentials);

        // 1. No credential observed past its expiry while STS was up (the outage and the recovery allowance excepted).
        var excused = (outageStart, outageEnd + recoveryBound);
        var expired = ExpiredOutside(timeline.Secrets, started, ended, excused);
        var statusExpired = ExpiredOutside(
            [.. timeline.Statuses.Where(s => s.ExpiresAt is not null).Select(s => new SecretWrite(s.At, s.Name, s.ExpiresAt!.Value, null))],
            started, ended, excused);

        // 2. Exchanges during the outage: STS calls per credential per scaled minute.
        var calls = testbed.Sts.Calls.Where(c => c.IsAssumeRoleWithWebIdentity).ToList();
        var outageMinutes = (outageEnd - outageStart) / SoakSchedule.Minute;
        var outageCalls = names.ToDictionary(n => n, n => calls.Count(c =>
            c.RoleSessionName == $"{Namespace}.{n}" && c.At >= outageStart && c.At < outageEnd));
        var worstRate = outageCalls.Values.Max() / outageMinutes;
        var meanRate = outageCalls.Values.Average() / outageMinutes;

        // 3. Recovery: each credential's first fresh Ready=True after STS answers again.
        var recovered = names.ToDictionary(n => n, n => timeline.Statuses
            .Where(s => s.Name == n && s.At >= outageEnd && s.FreshlyReady)
            .Select(s => (TimeSpan?)(s.At - outageEnd)).FirstOrDefault());
        var slowest = recovered.Values.Max() ?? TimeSpan.MaxValue;

        // 5. Exchanges repeated after a failed Secret write: credentials issued (and old enough to have been written)
        // that never reached their Secret.
        var written = timeline.Secrets.Select(s => s.CredentialId).ToHashSet(StringComparer.Ordinal);
        var settled = ended - SoakSchedule.ExpiredCadence;
        var unwrittenAws = testbed.Sts.Issued.Count(c => c.IssuedAt < settled
            && names.Take(AwsCredentials).Any(n => c.AssumedRoleArn.EndsWith($"/{Namespace}.{n}", StringComparison.Ordinal))
            && !written.Contains(c.AccessKeyId));
        var unwrittenDatadog = datadog.Issued.Count(t => t.ExpiresAt - SoakSchedule.Lifetime < settled && !written.Contains(t.AccessToken));
        var injected = testbed.Kube.Faults.Injected;
        var secretWriteFaults = injected.Count(f => f.Resource == "secrets" && f.Verb is "update" or "create");
        var statusFaults = injected.Count(f => f.Resource == "delegatedcredentials" && f.Verb == "patch");
        var watchFaults = injected.Count(f => f.Kind == Testing.KubeApi.Faults.FaultKind.Expired);
        var successfulCalls = calls.Count(c => c.Succeeded);
        var writes = timeline.Secrets.Count;

        // Not one of the assertions: does anything call STS inside the Retry-After window of its 429s?
        var throttled = calls.Where(c => c.StatusCode == 429).ToList();
        var insideRetryAfter = calls.Count(c => throttled.Any(t => c.At > t.At && c.At < t.At + ChaosDriver.StsRetryAfter));

        var figures = string.Join(Environment.NewLine,
            $"Chaos soak (SOAK_SCALE={schedule.Scale.ToString(CultureInfo.InvariantCulture)}): {Credentials} credentials ({AwsCredentials} awsCredentials, {DatadogCredentials} datadog), " +
            $"lifetime {SoakSchedule.Lifetime.TotalSeconds} s, ExpiredCadence {SoakSchedule.ExpiredCadence.TotalSeconds} s, scaled minute {SoakSchedule.Minute.TotalSeconds} s",
            $"  run {(calmed - started).TotalSeconds:0.0} s of chaos; outage {(outageEnd - outageStart).TotalSeconds:0.0} s = {outageMinutes:0.##} scaled minutes; converged {(ended - calmed).TotalSeconds:0.0} s after the faults stopped",
            $"  STS AssumeRoleWithWebIdentity calls: {calls.Count} ({successfulCalls} answered 2xx, {throttled.Count} 429, {calls.Count(c => c.StatusCode == 503)} 503)",
            $"  [2] calls per credential per outage minute: worst {worstRate:0.##}, mean {meanRate:0.##} (budget {SoakSchedule.CallsPerCredentialPerMinute}); outage calls total {outageCalls.Values.Sum()}",
            $"  [3] seconds to recover after STS answered again: slowest {Seconds(slowest)}, median {Seconds(Median(recovered.Values))} (bound {recoveryBound.TotalSeconds:0.##} s); not recovered: {recovered.Count(r => r.Value is null)}",
            $"  [1] credentials observed expired while STS was up: Secrets {expired.Count} ({expired.Sum(e => e.Value.Total.TotalSeconds):0.00} s in all), status {statusExpired.Count}",
            $"  [5] exchanges repeated after failed writes: {unwrittenAws} awsCredentials + {unwrittenDatadog} datadog issued and never written; " +
            $"injected: {secretWriteFaults} Secret-write faults, {statusFaults} status-patch faults, {watchFaults} 410s, {injected.Count} Kubernetes faults in all; {writes} Secret writes",
            $"  (observation) STS calls inside a 429's Retry-After ({ChaosDriver.StsRetryAfter.TotalSeconds} s) window: {insideRetryAfter} after {throttled.Count} 429s");
        output.WriteLine(figures);
        // The runner shows test output only on failure: SOAK_FIGURES=FILE keeps every run's figures.
        if (Environment.GetEnvironmentVariable("SOAK_FIGURES") is { Length: > 0 } keep)
        {
            await File.AppendAllTextAsync(keep, figures + Environment.NewLine, TestContext.Current.CancellationToken);
        }

        foreach (var (name, (total, first)) in expired.OrderBy(e => e.Value.First))
        {
            output.WriteLine($"  expired while STS was up: {name} for {total.TotalSeconds:0.00} s, from {(first - outageEnd).TotalSeconds:+0.00;-0.00} s after the outage ended");
        }

        foreach (var (name, took) in recovered.Where(r => r.Value is null || r.Value > recoveryBound).OrderByDescending(r => r.Value))
        {
            output.WriteLine($"  recovered late: {name} after {Seconds(took)}");
        }

        // [1] The promise is about what pods mount: no Secret holds an expired credential while STS answers. The status is a
        // report of it; after a failed status patch it may lag behind the Secret, but only for as long as the Kubernetes
        // API-error schedule takes to get the patch through (its cap, scaled, plus the same allowance as recovery).
        var statusLagBound = SoakSchedule.ApiErrorMaxDelay + SoakSchedule.RecoveryAllowance;
        var staleStatuses = statusExpired.Where(e => e.Value.Total > statusLagBound).Select(e => e.Key).ToList();
        Assert.True(expired.Count == 0, "[1] a Secret was observed past its expiry while STS was up\n" + figures);
        Assert.True(staleStatuses.Count == 0,
            $"[1] a status showed an expired credential for longer than {statusLagBound.TotalSeconds:0.##} s: {string.Join(", ", staleStatuses)}\n" + figures);
        Assert.True(worstRate <= SoakSchedule.CallsPerCredentialPerMinute, "[2] STS calls during the outage over budget\n" + figures);
        Assert.True(slowest <= recoveryBound, "[3] recovery after the outage too slow\n" + figures);
        Assert.True(unwrittenAws + unwrittenDatadog == 0, "[5] exchanges repeated after a failed Secret write\n" + figures);

        // 6. No secret in logs, status, events or metrics.
        NoSecretsLogged.Assert(testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(testbed);
        using var http = new HttpClient { BaseAddress = testbed.Operator!.HttpAddress };
        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Matches("(?m)^delegatedcredential_endpoint_breaker_state\\{", metrics);
        Assert.False(testbed.IssuedSecrets().Any(s => metrics.Contains(s, StringComparison.Ordinal)), "[6] a secret value is in /metrics (not shown)");
    }

    /// <summary>Waits until every credential is Ready=True with a fresh credential and its Secret is not expired.</summary>
    private static async Task AllFreshlyReadyAsync(Cluster cluster, IReadOnlyList<string> names, TimeSpan timeout) =>
        await Eventually.MatchAsync(async () =>
            {
                var credentials = await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<DelegatedCredentialList>(
                    DelegatedCredential.ApiGroup, DelegatedCredential.Version, Namespace, DelegatedCredential.Plural);
                var secrets = await cluster.Client.CoreV1.ListNamespacedSecretAsync(Namespace);
                var now = DateTimeOffset.UtcNow;
                return names.Where(n => !Converged(credentials.Items.FirstOrDefault(c => c.Metadata.Name == n),
                    secrets.Items.FirstOrDefault(s => s.Metadata.Name == n), now)).ToList();
            },
            pending => pending.Count == 0, $"all {names.Count} credentials Ready with a valid Secret", timeout,
            pending => $"{pending?.Count} not converged: {string.Join(", ", pending ?? [])}");

    private static bool Converged(DelegatedCredential? credential, V1Secret? secret, DateTimeOffset now) =>
        credential is not null && Cluster.Ready(credential) is { Status: "True", Reason: "Issued" or "Refreshed" }
        && credential.Status?.ObservedGeneration == credential.Metadata.Generation
        && secret?.Data is { } data && data.TryGetValue("expiration", out var expiration)
        && DateTimeOffset.Parse(System.Text.Encoding.UTF8.GetString(expiration), CultureInfo.InvariantCulture) > now;

    /// <summary>
    /// Per object, how long it held an expired credential outside <paramref name="excused"/> between
    /// <paramref name="from"/> and <paramref name="to"/>: from each write's expiry to the next write.
    /// </summary>
    private static Dictionary<string, (TimeSpan Total, DateTimeOffset First)> ExpiredOutside(IReadOnlyList<SecretWrite> writes, DateTimeOffset from, DateTimeOffset to,
        (DateTimeOffset Start, DateTimeOffset End) excused)
    {
        var result = new Dictionary<string, (TimeSpan, DateTimeOffset)>(StringComparer.Ordinal);
        foreach (var history in writes.GroupBy(w => w.Name))
        {
            var ordered = history.OrderBy(w => w.At).ToList();
            var total = TimeSpan.Zero;
            var first = DateTimeOffset.MaxValue;
            for (var i = 0; i < ordered.Count; i++)
            {
                var held = (Start: Max(ordered[i].At, ordered[i].ExpiresAt, from), End: Min(i + 1 < ordered.Count ? ordered[i + 1].At : to, to));
                if (held.End <= held.Start)
                {
                    continue;
                }

                // Minus the part inside the excused window.
                var overlap = Min(held.End, excused.End) - Max(held.Start, excused.Start, DateTimeOffset.MinValue);
                var outside = held.End - held.Start - (overlap > TimeSpan.Zero ? overlap : TimeSpan.Zero);
                if (outside > TimeSpan.Zero)
                {
                    total += outside;
                    first = first < held.Start ? first : held.Start < excused.Start || held.Start > excused.End ? held.Start : excused.End;
                }
            }

            if (total > TimeSpan.Zero)
            {
                result[history.Key] = (total, first);
            }
        }

        return result;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c) => new[] { a, b, c }.Max();

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan? Median(IEnumerable<TimeSpan?> values)
    {
        var known = values.OfType<TimeSpan>().Order().ToList();
        return known.Count == 0 ? null : known[known.Count / 2];
    }

    private static string Seconds(TimeSpan? value) =>
        value is { } v && v != TimeSpan.MaxValue ? $"{v.TotalSeconds:0.00} s" : "never";
}
