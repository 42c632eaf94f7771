namespace Operator.IntegrationTests.Credentials;

/// <summary>docs/behaviour.md §1–§4: identity from the ServiceAccount, TokenRequest + STS, the Secret, the status.</summary>
public sealed class IssueTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    [Fact]
    public async Task NewCredential_SecretHoldsAwsKeysAndACredentialsFile()
    {
        await _cluster.CreateIrsaCredentialAsync("issue-keys");

        await _cluster.ReadyAsync("issue-keys", "app-aws", "Issued");

        var secret = (await _cluster.SecretAsync("issue-keys", "app-aws"))!;
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "credentials", "expiration"],
            secret.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("us-east-1", Cluster.Text(secret, "AWS_REGION"));
        Assert.StartsWith("[default]\naws_access_key_id = " + Cluster.Text(secret, "AWS_ACCESS_KEY_ID") + "\n",
            Cluster.Text(secret, "credentials"), StringComparison.Ordinal);
        var issued = fixture.Testbed.Sts.Issued.Single(c => c.AccessKeyId == Cluster.Text(secret, "AWS_ACCESS_KEY_ID"));
        Assert.Equal("system:serviceaccount:issue-keys:app", issued.Subject);
        NoSecretsLogged.Assert(fixture.Testbed);
    }

    [Fact]
    public async Task NewCredential_SecretIsOwnedLabelledAndAnnotated()
    {
        await _cluster.CreateIrsaCredentialAsync("issue-owner", secretName: "app-credentials");

        var credential = await _cluster.ReadyAsync("issue-owner", "app-aws", "Issued");

        var secret = (await _cluster.SecretAsync("issue-owner", "app-credentials"))!;
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal((credential.Metadata.Uid, "DelegatedCredential", true), (owner.Uid, owner.Kind, owner.Controller == true));
        Assert.Equal("delegated-credentials-operator", secret.Metadata.Labels["credentials.delegated.dev/managed-by"]);
        Assert.Equal(Cluster.Text(secret, "expiration"), secret.Metadata.Annotations["credentials.delegated.dev/expires-at"]);
        Assert.Matches("^[0-9a-f]{32}$", secret.Metadata.Annotations["credentials.delegated.dev/spec-hash"]);
    }

    [Fact]
    public async Task NewCredential_StatusNamesTheAssumedRoleAndTheSchedule()
    {
        await _cluster.CreateIrsaCredentialAsync("issue-status");

        var status = (await _cluster.ReadyAsync("issue-status", "app-aws", "Issued")).Status!;

        Assert.StartsWith("arn:aws:sts::123456789012:assumed-role/issue-status-app/issue-status.app-aws", status.Identity, StringComparison.Ordinal);
        Assert.Equal(("app-aws", 0, "aws", "awsCredentials"), (status.SecretName, status.Failures, status.Provider, status.Target));
        Assert.True(status.IssuedAt < status.RefreshAt && status.RefreshAt < status.ExpiresAt, "issuedAt < refreshAt < expiresAt");
        Assert.Equal(1L, status.ObservedGeneration);
    }

    [Fact]
    public async Task NewCredential_RecordsAnIssuedEvent()
    {
        await _cluster.CreateIrsaCredentialAsync("issue-event");
        await _cluster.ReadyAsync("issue-event", "app-aws", "Issued");

        var events = await Eventually.MatchAsync(() => _cluster.EventsAsync("issue-event", "app-aws"),
            e => e.Any(x => x.Reason == "Issued"), "an Issued event");

        var issued = events.First(e => e.Reason == "Issued");
        Assert.Equal("Normal", issued.Type);
        Assert.Contains("assumed-role/issue-event-app", issued.Message, StringComparison.Ordinal);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
    }

    [Fact]
    public async Task ValidCredential_ReconciledAgain_WritesNothing()
    {
        await _cluster.CreateIrsaCredentialAsync("issue-noop");
        var before = await _cluster.ReadyAsync("issue-noop", "app-aws", "Issued");
        var secretBefore = (await _cluster.SecretAsync("issue-noop", "app-aws"))!;

        // A metadata-only change triggers a reconcile but changes nothing the credential depends on.
        await _cluster.PatchSpecAsync("issue-noop", "app-aws", """{"metadata":{"labels":{"touched":"yes"}}}""");
        var issuedCount = fixture.Testbed.Sts.Issued.Count;
        await _cluster.CreateAsync(Cluster.Credential("issue-noop", "marker", "app"));
        await _cluster.ReadyAsync("issue-noop", "marker", "Issued");

        var after = await _cluster.GetAsync("issue-noop", "app-aws");
        Assert.Equal(secretBefore.Metadata.ResourceVersion, (await _cluster.SecretAsync("issue-noop", "app-aws"))!.Metadata.ResourceVersion);
        Assert.Equal(k8s.KubernetesJson.Serialize(before.Status), k8s.KubernetesJson.Serialize(after.Status));
        Assert.Equal(issuedCount + 1, fixture.Testbed.Sts.Issued.Count);
    }

    [Fact]
    public async Task IssuedCredential_ExpiryAndRefreshTimesAreExported()
    {
        await _cluster.CreateIrsaCredentialAsync("issue-metrics");
        await _cluster.ReadyAsync("issue-metrics", "app-aws", "Issued");
        using var http = new HttpClient { BaseAddress = fixture.Testbed.Operator!.HttpAddress };

        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        // Anchored at the line's start: the exported name itself, not a name that merely ends with it.
        Assert.Matches("(?m)^delegatedcredential_expiry_timestamp_seconds\\{[^}]*namespace=\"issue-metrics\"", metrics);
        Assert.Matches("(?m)^delegatedcredential_refresh_timestamp_seconds\\{[^}]*name=\"app-aws\"", metrics);
        Assert.Matches("(?m)^delegatedcredential_exchanges_total\\{", metrics);
    }
}
