using k8s.Autorest;
using System.Diagnostics.Metrics;
using System.Text;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets.AwsCredentials;
using Operator.Credentials.Throttling;
using Operator.Runtime;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>
/// ReconcileAsync branch by branch, against an in-memory cluster and exchange on a fake clock. The random source
/// draws 0: no jitter, so a fresh one-hour credential is refreshed after 40 minutes (two thirds of its lifetime)
/// and a retry waits half its backoff step (5 s doubling per failure, capped at 5 min, at a tenth of the time a
/// still-valid credential has left, or at the 30 s cadence without one), but never less than the 10 s floor.
/// </summary>
public sealed class DelegatedCredentialReconcilerTests : IDisposable
{
    private const string SecretName = "app-aws";
    private const string OtherRole = "arn:aws:iam::123456789012:role/other";
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_refreshAfterIssue = TimeSpan.FromMinutes(40);
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(10);

    // AWS resolution is pure and the exchange is faked, so STS is never called.
    private static readonly CredentialPlanner s_planner = new([new AwsIdentityProvider(null!, allowIdentityOverride: false)], [new AwsCredentialsTarget()],
        new ServiceAccountConsent(required: true));

    private static readonly ExchangeFailure s_stsDown =
        new(CredentialReasons.ExchangeFailed, "aws/awsCredentials exchange failed: HttpRequestException: Connection refused");

    private readonly FakeTimeProvider _time = new(s_now);
    private static readonly RetryPolicy s_policy = new();
    private readonly FakeCredentialCluster _cluster = new();
    private readonly ClusterErrors _clusterErrors = new();
    private readonly PendingCredentials _pending;
    private readonly EndpointBreakers _breakers;
    private readonly BreakerWakeups _wakeups;
    private readonly FakeCredentialExchange _exchange;
    private readonly CredentialEventOptions _events = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<DelegatedCredentialReconciler> _logger = new();

    public DelegatedCredentialReconcilerTests()
    {
        _exchange = new FakeCredentialExchange(_time);
        _pending = new PendingCredentials(_time);
        _breakers = new EndpointBreakers(_time, s_policy.Floor, s_policy.ExpiredCadence);
        _wakeups = new BreakerWakeups(_breakers, () => null);
    }

    public void Dispose() => _services.Dispose();

    // ---- deletion ----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeletingOrGone_IsDone_WithoutClusterIOOrExchange(bool stillInCache)
    {
        var credential = Credential();
        credential.Metadata.DeletionTimestamp = s_now.UtcDateTime;

        var result = await NewReconciler().ReconcileAsync(ObjectKey.Of(credential), stillInCache ? credential : null, TestContext.Current.CancellationToken);

        Assert.Null(result.RequeueAfter);
        Assert.Empty(_cluster.Calls);
        Assert.Empty(_exchange.Calls);
    }

    // ---- spec.suspend ----

    private static readonly Dictionary<string, (int? ExpiresInMinutes, string? Ready, string? Reason, TimeSpan? Requeue)> s_suspended = new()
    {
        ["valid Secret: kept and reported, requeued at its expiry"] = (50, "True", CredentialReasons.Issued, TimeSpan.FromMinutes(50)),
        ["expired Secret: kept, reported Expired, not requeued"] = (-10, "False", CredentialReasons.Expired, null),
        ["no Secret: nothing to do"] = (null, null, null, null),
    };

    public static TheoryData<string> SuspendedCases => [.. s_suspended.Keys];

    [Theory]
    [MemberData(nameof(SuspendedCases))]
    public async Task Suspended_NeverPlansExchangesOrWrites(string situation)
    {
        var (expiresInMinutes, ready, reason, requeue) = s_suspended[situation];
        var credential = Credential(s => s with { Suspend = true });
        DateTimeOffset? expiresAt = expiresInMinutes is { } minutes ? s_now.AddMinutes(minutes) : null;
        if (expiresAt is { } expiry)
        {
            _cluster.Add(OwnedSecret(credential, refreshAt: expiry - TimeSpan.FromMinutes(20), expiresAt: expiry));
        }

        var before = _cluster.Secrets.GetValueOrDefault(SecretName);

        var result = await ReconcileAsync(credential);

        Assert.Equal(requeue, result.RequeueAfter);
        Assert.Empty(_exchange.Calls);
        Assert.Same(before, _cluster.Secrets.GetValueOrDefault(SecretName));
        if (expiresAt is null)
        {
            Assert.Equal(["read Secret app-aws"], _cluster.Calls);
            return;
        }

        Assert.Equal(["read Secret app-aws", "patch status"], _cluster.Calls);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal((ready, reason), (Ready(status).Status, Ready(status).Reason));
        Assert.Equal((expiresAt, 0), (status.ExpiresAt, status.Failures));
    }

    // ---- spec.secret ----

    [Fact]
    public async Task SecretOfAnotherType_FromBeforeOpaqueOnly_IsReissuedAtOnce_AsAnOpaqueSecret_DeleteThenCreate()
    {
        // Written when spec.secret.type could name another type; the spec now asks for the default, Opaque.
        var original = Credential(s => s with { Secret = new SecretSpec { Type = "credentials.delegated.dev/aws" } });
        _cluster.Add(OwnedSecret(original, refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50), specHash: "issued-before"));
        var credential = Credential();

        var result = await ReconcileAsync(credential);

        Assert.Equal(
            ["read Secret app-aws", "read ServiceAccount app", "delete Secret app-aws", "create Secret app-aws", "restart rollouts", "patch status", "event Normal Issued"],
            _cluster.Calls);
        Assert.Equal([(s_firstIssueNow, "aws", "awsCredentials")], _exchange.Calls);
        var secret = _cluster.Secrets[SecretName];
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal(FakeCredentialExchange.FreshValue, SecretValue(secret));
        Assert.Equal(SpecHashOf(credential), secret.Metadata.Annotations[ManagedSecret.SpecHashAnnotation]);
        Assert.Equal(CredentialReasons.Issued, Ready(Assert.Single(_cluster.Statuses)).Reason);
        Assert.Equal(s_refreshAfterIssue, result.RequeueAfter);
    }

    [Theory]
    [InlineData(false, "create Secret app-aws")]
    [InlineData(true, "replace Secret app-aws")]
    public async Task SpecSecretLabelsAndAnnotations_AreOverlaidOnTheOperatorsOwn(bool secretExists, string write)
    {
        if (secretExists)
        {
            _cluster.Add(OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50)));
        }

        var credential = Credential(s => s with
        {
            Secret = new SecretSpec
            {
                // Keys under credentials.delegated.dev/ are refused by the validator (SecretOfTypeServiceAccountToken_...).
                Labels = new Dictionary<string, string> { ["team"] = "payments" },
                Annotations = new Dictionary<string, string> { ["owner"] = "alice" },
            },
        });

        await ReconcileAsync(credential);

        Assert.Equal([write], _cluster.Calls.Where(IsSecretWrite));
        var secret = _cluster.Secrets[SecretName];
        Assert.Equal(
            new Dictionary<string, string> { ["team"] = "payments", [ManagedSecret.ManagedByLabel] = ManagedSecret.ManagedByValue },
            secret.Metadata.Labels);
        var annotations = secret.Metadata.Annotations;
        Assert.Equal("alice", annotations["owner"]);
        Assert.Equal(Objects.Issued(s_now).Identity, annotations[ManagedSecret.IdentityAnnotation]);
        Assert.Equal(SpecHashOf(credential), annotations[ManagedSecret.SpecHashAnnotation]);
        Assert.Equal("2026-05-01T13:00:00Z", annotations[ManagedSecret.ExpiresAtAnnotation]);
        Assert.Equal("2026-05-01T12:40:00Z", annotations[ManagedSecret.RefreshAtAnnotation]);
    }

    // ---- restartOnRotation ----

    [Fact]
    public async Task RolloutRestartFails_AfterTheWrite_TheExceptionPropagates_WithoutStatusOrEvent()
    {
        var credential = Credential(s => s with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "app" }] });
        var failure = new InvalidOperationException("restartOnRotation: 1 workload(s) could not be patched; retrying.");
        _cluster.RestartFailure = failure;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => ReconcileAsync(credential));

        Assert.Same(failure, thrown);
        Assert.Equal(["read Secret app-aws", "read ServiceAccount app", "read DelegatedCredential app-aws", "create Secret app-aws", "restart rollouts"], _cluster.Calls);
        var secret = _cluster.Secrets[SecretName];
        Assert.Equal(FakeCredentialExchange.FreshValue, SecretValue(secret));
        Assert.Equal([secret.Metadata.Annotations[ManagedSecret.RolloutHashAnnotation]], _cluster.Restarts);
        Assert.Empty(_cluster.Statuses);
        Assert.Empty(_cluster.Events);
    }

    [Fact]
    public async Task RolloutRestartFailed_TheRetryFinishesItFromTheKeepPath_WithoutAnotherExchange()
    {
        var credential = Credential(s => s with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "app" }] });
        _cluster.RestartFailure = new InvalidOperationException("restartOnRotation: 1 workload(s) could not be patched; retrying.");
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReconcileAsync(credential));
        _cluster.RestartFailure = null;
        _cluster.Calls.Clear();
        _time.Advance(TimeSpan.FromSeconds(10));

        var result = await ReconcileAsync(credential);

        Assert.Equal(["read Secret app-aws", "read ServiceAccount app", "restart rollouts", "patch status"], _cluster.Calls);
        Assert.Single(_exchange.Calls);
        var hash = _cluster.Secrets[SecretName].Metadata.Annotations[ManagedSecret.RolloutHashAnnotation];
        Assert.Equal([hash, hash], _cluster.Restarts);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("True", CredentialReasons.Issued), (Ready(status).Status, Ready(status).Reason));
        Assert.Equal(s_refreshAfterIssue - TimeSpan.FromSeconds(10), result.RequeueAfter);
    }

    /// <summary>
    /// Someone who may read the Deployment (not the Secret) sees the pod template's hash: it must not be the data's plain
    /// SHA-256, against which a guessed credential could be checked.
    /// </summary>
    [Fact]
    public async Task RolloutHash_InThePodTemplate_IsNotAPlainHashOfTheData()
    {
        var credential = Credential(s => s with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "app" }] });

        await ReconcileAsync(credential);

        var secret = _cluster.Secrets[SecretName];
        var rolled = Assert.Single(_cluster.Restarts);
        Assert.NotEqual(SecretDataHash.Compute(secret.Data), rolled);
        Assert.DoesNotContain(rolled, secret.Metadata.Annotations[ManagedSecret.DataHashAnnotation], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", rolled);
    }

    /// <summary>
    /// After an operator restart (another key) the keep path hands the restarter the value stored with the data, so no
    /// workload is rolled; a Secret written before the annotation existed hands the data hash its templates carry.
    /// </summary>
    [Theory]
    [InlineData("stored-by-an-earlier-process")]
    [InlineData(null)]
    public async Task KeepPath_RollsWithTheValueStoredOnTheSecret_NotARecomputedOne(string? stored)
    {
        var credential = Credential(s => s with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "app" }] });
        var secret = OwnedSecret(credential, refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50));
        secret.Metadata.Annotations.Remove(ManagedSecret.RolloutHashAnnotation);
        if (stored is not null)
        {
            secret.Metadata.Annotations[ManagedSecret.RolloutHashAnnotation] = stored;
        }

        _cluster.Add(secret);

        await ReconcileAsync(credential);

        Assert.Empty(_exchange.Calls);
        Assert.Equal([stored ?? secret.Metadata.Annotations[ManagedSecret.DataHashAnnotation]], _cluster.Restarts);
    }

    // ---- a Secret of that name that is not ours ----

    private static readonly Dictionary<string, V1OwnerReference[]?> s_foreign = new()
    {
        ["no owner reference, our label"] = null,
        ["another object as controller"] = [OwnerReference("uid-2", controller: true)],
        ["our UID, but not as controller"] = [OwnerReference(Objects.Credential().Metadata.Uid, controller: false)],
    };

    public static TheoryData<string> ForeignCases => [.. s_foreign.Keys];

    [Theory]
    [MemberData(nameof(ForeignCases))]
    public async Task ForeignSecret_IsLeftAlone_ReadyFalseSecretConflict_NoExchange_RecheckedAfterFiveMinutes(string situation)
    {
        var foreign = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = SecretName,
                NamespaceProperty = "team-a",
                ResourceVersion = "3",
                Labels = new Dictionary<string, string> { [ManagedSecret.ManagedByLabel] = ManagedSecret.ManagedByValue },
                OwnerReferences = s_foreign[situation],
            },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("theirs") },
        };
        _cluster.Add(foreign);

        var result = await ReconcileAsync(Credential());

        Assert.Equal(["read Secret app-aws", "patch status", "event Warning SecretConflict"], _cluster.Calls);
        Assert.Empty(_exchange.Calls);
        Assert.Same(foreign, _cluster.Secrets[SecretName]);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("False", CredentialReasons.SecretConflict), (Ready(status).Status, Ready(status).Reason));
        Assert.Equal(ExchangeFailure.SecretConflict("team-a", SecretName).Message, Ready(status).Message);
        // No backoff: nothing but the Secret changing helps, and a foreign Secret does not enqueue us; a fixed recheck does.
        Assert.Equal((1, s_now + TimeSpan.FromMinutes(5)), (status.Failures, status.RefreshAt));
        Assert.Equal(TimeSpan.FromMinutes(5), result.RequeueAfter);
    }

    // ---- invalid specs ----

    private static readonly Dictionary<string, (Func<DelegatedCredentialSpec, DelegatedCredentialSpec> Spec, bool ServiceAccount, bool ValidSecret, string Message, bool Retried)> s_invalid = new()
    {
        ["pair the CRD refuses, ServiceAccount missing too"] = (
            s => s with { Target = new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "vault" } } }, false, false,
            "spec.provider must be empty for spec.target.serviceAccountToken, which sends the ServiceAccount's own token; remove spec.provider.aws.", false),
        ["refreshBefore not a duration, ServiceAccount missing too"] = (
            s => s with { RefreshBefore = "soon" }, false, false,
            "spec.refreshBefore 'soon' is not a duration of hours, minutes and seconds in that order, such as 45m or 1h30m.", false),
        ["two providers, with a valid Secret"] = (
            s => s with { Provider = s.Provider! with { Azure = new AzureProviderSpec() } }, true, true,
            "spec.provider must name exactly one of aws, gcp, azure; it names 2.", false),
        // Depends on the ServiceAccount's annotation, which can change without a new generation: backed off and retried.
        ["role other than the ServiceAccount's, with a valid Secret"] = (
            s => s with { Provider = new ProviderSpec { Aws = new AwsProviderSpec { RoleArn = OtherRole } } }, true, true,
            $"spec.provider.aws.roleArn {OtherRole} differs from ServiceAccount team-a/app's eks.amazonaws.com/role-arn annotation ({Objects.Role});", true),
    };

    public static TheoryData<string> InvalidCases => [.. s_invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public async Task InvalidSpec_IsReported_WithoutExchangeOrWrite_AndDoesNotVouchForTheSecret(string situation)
    {
        var (spec, serviceAccount, validSecret, message, retried) = s_invalid[situation];
        if (!serviceAccount)
        {
            _cluster.ServiceAccount = null;
        }

        if (validSecret)
        {
            _cluster.Add(OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50)));
        }

        var before = _cluster.Secrets.GetValueOrDefault(SecretName);

        var result = await ReconcileAsync(Credential(spec));

        Assert.Equal(["read Secret app-aws", "read ServiceAccount app", "patch status", "event Warning InvalidSpec"], _cluster.Calls);
        Assert.Empty(_exchange.Calls);
        Assert.Same(before, _cluster.Secrets.GetValueOrDefault(SecretName));
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("False", CredentialReasons.InvalidSpec), (Ready(status).Status, Ready(status).Reason));
        Assert.StartsWith(message, Ready(status).Message, StringComparison.Ordinal);
        Assert.Equal((null, null, 1), (status.ExpiresAt, status.Identity, status.Failures));
        Assert.Equal((EventRecorder.Warning, CredentialReasons.InvalidSpec), (Assert.Single(_cluster.Events).Type, Assert.Single(_cluster.Events).Reason));
        if (retried)
        {
            Assert.Equal((s_firstRetry, s_now + s_firstRetry), (result.RequeueAfter, status.RefreshAt));
            return;
        }

        // The spec alone decides: no retry is scheduled (the edit that fixes it is a watch event of its own).
        Assert.Equal((null, null), (result.RequeueAfter, status.RefreshAt));
    }

    [Fact]
    public async Task InvalidSpec_AlreadyReportedForThisGeneration_IsNotReportedAgain_NorRequeued_NorExchanged()
    {
        var credential = Credential(s => s with { Ttl = "1000h" });
        await ReconcileAsync(credential);
        credential.Status = Assert.Single(_cluster.Statuses);
        _cluster.Calls.Clear();
        _time.Advance(TimeSpan.FromMinutes(10));

        // Our own status patch is a watch event: it brings the object back, as a resync or a restart would.
        var result = await ReconcileAsync(credential);

        Assert.Null(result.RequeueAfter);
        Assert.Empty(_exchange.Calls);
        Assert.Equal(["read Secret app-aws", "read ServiceAccount app"], _cluster.Calls);
        Assert.Single(_cluster.Statuses);
        Assert.Single(_cluster.Events);
    }

    [Fact]
    public async Task InvalidSpec_FixedInANewGeneration_IsIssuedAtOnce()
    {
        var broken = Credential(s => s with { RefreshBefore = "30s" });
        await ReconcileAsync(broken);
        var fixedSpec = Credential(generation: 2);
        fixedSpec.Status = Assert.Single(_cluster.Statuses);
        _cluster.Calls.Clear();

        var result = await ReconcileAsync(fixedSpec);

        Assert.Equal([(s_firstIssueNow, "aws", "awsCredentials")], _exchange.Calls);
        var status = _cluster.Statuses[^1];
        Assert.Equal(("True", CredentialReasons.Issued, 0, 2L), (Ready(status).Status, Ready(status).Reason, status.Failures, status.ObservedGeneration));
        Assert.Equal(s_refreshAfterIssue, result.RequeueAfter);
    }

    // ---- the retry gate ----

    private static readonly Dictionary<string, (int RetryInSeconds, long Generation, bool Pending)> s_retry = new()
    {
        ["retry time not come: requeued at it, nothing read"] = (30, 1, true),
        ["retry time come: tried again"] = (0, 1, false),
        ["retry time passed: tried again"] = (-5, 1, false),
        ["spec changed since the failure: tried at once"] = (30, 2, false),
        ["spec changed since the failure, retry far away: tried at once"] = (3600, 2, false),
    };

    public static TheoryData<string> RetryCases => [.. s_retry.Keys];

    [Theory]
    [MemberData(nameof(RetryCases))]
    public async Task RetryGate_HoldsAFailedCredentialUntilItsRetryTime(string situation)
    {
        var (retryInSeconds, generation, pending) = s_retry[situation];
        var credential = Credential(generation: generation);
        credential.Status = new DelegatedCredentialStatus
        {
            ObservedGeneration = 1,
            Conditions = [new V1Condition { Type = CredentialStatus.ReadyCondition, Status = "False", Reason = CredentialReasons.ExchangeFailed, Message = s_stsDown.Message, ObservedGeneration = 1, LastTransitionTime = s_now.AddMinutes(-1).UtcDateTime }],
            SecretName = SecretName,
            RefreshAt = s_now.AddSeconds(retryInSeconds),
            Failures = 2,
        };

        var result = await ReconcileAsync(credential);

        if (pending)
        {
            Assert.Equal(TimeSpan.FromSeconds(retryInSeconds), result.RequeueAfter);
            Assert.Empty(_cluster.Calls);
            Assert.Empty(_exchange.Calls);
            return;
        }

        Assert.Equal([(s_firstIssueNow, "aws", "awsCredentials")], _exchange.Calls);
        Assert.Equal(
            ["read Secret app-aws", "read ServiceAccount app", "read DelegatedCredential app-aws", "create Secret app-aws", "restart rollouts", "patch status", "event Normal Issued"],
            _cluster.Calls);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("True", CredentialReasons.Issued, 0, generation), (Ready(status).Status, Ready(status).Reason, status.Failures, status.ObservedGeneration));
        Assert.Equal(s_refreshAfterIssue, result.RequeueAfter);
    }

    // ---- keep or issue ----

    /// <summary>A first issue's turn: in the first-issue class, in order of arrival.</summary>
    private static readonly ExchangeTurn s_firstIssueNow = new(ExchangeClass.FirstIssue, s_now, Objects.Namespace);

    private static readonly Dictionary<string, (Func<V1Secret?> Secret, ExchangeTurn? Exchange, string Reason, TimeSpan Requeue, string? Write)> s_keepOrIssue = new()
    {
        ["valid, before refreshAt: kept"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50)),
            null, CredentialReasons.Issued, TimeSpan.FromMinutes(30), null),
        ["refreshAt reached: refreshed"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now, expiresAt: s_now.AddMinutes(20)),
            new ExchangeTurn(ExchangeClass.Refresh, s_now.AddMinutes(20), Objects.Namespace), CredentialReasons.Refreshed, s_refreshAfterIssue, "replace Secret app-aws"),
        ["expired: refreshed, urgently"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(-21), expiresAt: s_now.AddMinutes(-1)),
            new ExchangeTurn(ExchangeClass.Expired, s_now.AddMinutes(-1), Objects.Namespace), CredentialReasons.Refreshed, s_refreshAfterIssue, "replace Secret app-aws"),
        ["spec hash changed: re-issued at once"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50), specHash: "0123456789abcdef0123456789abcdef"),
            s_firstIssueNow, CredentialReasons.Issued, s_refreshAfterIssue, "replace Secret app-aws"),
        ["data edited: re-issued at once"] = (
            () => Edited(OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50))),
            new ExchangeTurn(ExchangeClass.Expired, s_now, Objects.Namespace), CredentialReasons.Issued, s_refreshAfterIssue, "replace Secret app-aws"),
        ["marks missing: re-issued at once"] = (
            () => WithoutMarks(OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50))),
            new ExchangeTurn(ExchangeClass.Expired, s_now, Objects.Namespace), CredentialReasons.Issued, s_refreshAfterIssue, "replace Secret app-aws"),
        ["no Secret: issued"] = (
            () => null,
            s_firstIssueNow, CredentialReasons.Issued, s_refreshAfterIssue, "create Secret app-aws"),
    };

    public static TheoryData<string> KeepOrIssueCases => [.. s_keepOrIssue.Keys];

    [Theory]
    [MemberData(nameof(KeepOrIssueCases))]
    public async Task ValidSecret_IsKeptUntilRefreshAt_ElseANewCredentialIsWritten(string situation)
    {
        var (arrange, exchange, reason, requeue, write) = s_keepOrIssue[situation];
        var existing = arrange();
        if (existing is not null)
        {
            _cluster.Add(existing);
        }

        var result = await ReconcileAsync(Credential());

        Assert.Equal(requeue, result.RequeueAfter);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("True", reason, 0), (Ready(status).Status, Ready(status).Reason, status.Failures));
        if (exchange is null)
        {
            Assert.Empty(_exchange.Calls);
            Assert.Equal(["read Secret app-aws", "read ServiceAccount app", "restart rollouts", "patch status"], _cluster.Calls);
            Assert.Same(existing, _cluster.Secrets[SecretName]);
            Assert.Equal((s_now.AddMinutes(50), s_now.AddMinutes(30)), (status.ExpiresAt, status.RefreshAt));
            return;
        }

        Assert.Equal([(exchange.Value, "aws", "awsCredentials")], _exchange.Calls);
        // Only a first issue confirms the object with the API server (one read); refreshes never do. A routine refresh (the
        // only one among these cases) records no Event by default (Operator:Events:Refreshes=None).
        string[] confirm = write == "create Secret app-aws" ? ["read DelegatedCredential app-aws"] : [];
        var routine = situation == "refreshAt reached: refreshed";
        string[] recorded = routine ? [] : [$"event Normal {reason}"];
        Assert.Equal(
            ["read Secret app-aws", "read ServiceAccount app", .. confirm, write!, "restart rollouts", "patch status", .. recorded],
            _cluster.Calls);
        var secret = _cluster.Secrets[SecretName];
        Assert.Equal(FakeCredentialExchange.FreshValue, SecretValue(secret));
        Assert.Equal(ManagedSecret.Read(secret), new ManagedSecretState(SpecHashOf(Credential()), s_now, s_now + s_lifetime, s_now + s_refreshAfterIssue, Objects.Issued(s_now).Identity, true));
        Assert.Equal((s_now, s_now + s_lifetime, s_now + s_refreshAfterIssue), (status.IssuedAt, status.ExpiresAt, status.RefreshAt));
        Assert.Equal(
            routine ? [] : [(EventRecorder.Normal, reason, $"Wrote Secret app-aws for {Objects.Issued(s_now).Identity}, valid until 2026-05-01T13:00:00Z.")],
            _cluster.Events);
    }

    // ---- Events of a routine refresh (Operator:Events:Refreshes) ----

    [Theory]
    [InlineData(nameof(RefreshEvents.None), null)]
    [InlineData(nameof(RefreshEvents.Aggregated), "Refreshed Secret app-aws for {0}.")]
    [InlineData(nameof(RefreshEvents.Every), "Wrote Secret app-aws for {0}, valid until 2026-05-01T13:00:00Z.")]
    public async Task RoutineRefresh_RecordsTheEventTheOptionAsksFor(string refreshes, string? message)
    {
        _events.Refreshes = Enum.Parse<RefreshEvents>(refreshes);
        _cluster.Add(OwnedSecret(Credential(), refreshAt: s_now, expiresAt: s_now.AddMinutes(20)));

        await ReconcileAsync(Credential());

        var expected = message is null ? [] : new[] { (EventRecorder.Normal, CredentialReasons.Refreshed, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, Objects.Issued(s_now).Identity)) };
        Assert.Equal(expected, _cluster.Events);
        Assert.Contains("replace Secret app-aws", _cluster.Calls);
    }

    public static TheoryData<string> NotRoutineRefreshes => ["expired", "after failures"];

    [Theory]
    [MemberData(nameof(NotRoutineRefreshes))]
    public async Task RefreshThatIsNotRoutine_AlwaysRecordsItsEvent(string situation)
    {
        // Events:Refreshes=None quiets only routine refreshes: one replacing an expired credential, or the first success after
        // failures, is news.
        var credential = Credential();
        if (situation == "expired")
        {
            _cluster.Add(OwnedSecret(credential, refreshAt: s_now.AddMinutes(-21), expiresAt: s_now.AddMinutes(-1)));
        }
        else
        {
            _cluster.Add(OwnedSecret(credential, refreshAt: s_now, expiresAt: s_now.AddMinutes(20)));
            credential.Status = new DelegatedCredentialStatus { Failures = 2, RefreshAt = s_now };
        }

        await ReconcileAsync(credential);

        var recorded = Assert.Single(_cluster.Events);
        Assert.Equal((EventRecorder.Normal, CredentialReasons.Refreshed), (recorded.Type, recorded.Reason));
        Assert.StartsWith("Wrote Secret app-aws for ", recorded.Message, StringComparison.Ordinal);
    }

    // ---- a failed refresh ----

    private static readonly Dictionary<string, (int ExpiresInMinutes, int PreviousFailures, string Ready, string Reason, TimeSpan Requeue)> s_failedRefresh = new()
    {
        ["before expiry, first failure"] = (20, 0, "True", CredentialReasons.RefreshFailed, s_firstRetry),
        ["before expiry, fourth failure: the step doubles per failure"] = (20, 3, "True", CredentialReasons.RefreshFailed, TimeSpan.FromSeconds(20)),
        ["two minutes before expiry: a tenth of the time left is below the floor"] = (2, 3, "True", CredentialReasons.RefreshFailed, TimeSpan.FromSeconds(10)),
        ["after expiry, first failure"] = (-1, 0, "False", CredentialReasons.Expired, s_firstRetry),
        ["after expiry, ninth failure: the steady cadence, never minutes"] = (-1, 8, "False", CredentialReasons.Expired, TimeSpan.FromSeconds(15)),
    };

    public static TheoryData<string> FailedRefreshCases => [.. s_failedRefresh.Keys];

    [Theory]
    [MemberData(nameof(FailedRefreshCases))]
    public async Task FailedRefresh_KeepsTheLastGoodSecret_AndBacksOff(string situation)
    {
        var (expiresInMinutes, previousFailures, ready, reason, requeue) = s_failedRefresh[situation];
        var expiresAt = s_now.AddMinutes(expiresInMinutes);
        var existing = OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(-5), expiresAt: expiresAt);
        _cluster.Add(existing);
        _exchange.Failure = s_stsDown;
        var credential = Credential();
        if (previousFailures > 0)
        {
            // The previous failure's retry time is now: the gate lets this attempt through.
            credential.Status = new DelegatedCredentialStatus { ObservedGeneration = 1, RefreshAt = s_now, Failures = previousFailures };
        }

        var result = await ReconcileAsync(credential);

        Assert.Equal(requeue, result.RequeueAfter);
        Assert.Single(_exchange.Calls);
        Assert.Equal(["read Secret app-aws", "read ServiceAccount app", "patch status", $"event Warning {reason}"], _cluster.Calls);
        Assert.Same(existing, _cluster.Secrets[SecretName]);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal((ready, reason), (Ready(status).Status, Ready(status).Reason));
        Assert.Contains(s_stsDown.Message, Ready(status).Message, StringComparison.Ordinal);
        Assert.Equal((previousFailures + 1, expiresAt, s_now + requeue), (status.Failures, status.ExpiresAt, status.RefreshAt));
        Assert.Equal(Objects.Issued(s_now).Identity, status.Identity);
        Assert.Equal((EventRecorder.Warning, reason, s_stsDown.Message), Assert.Single(_cluster.Events));
    }

    // ---- log lines ----

    [Fact]
    public async Task InvalidSpec_IsLoggedWithItsReasonOnce_NamingTheObject()
    {
        await ReconcileAsync(Credential(s => s with { RefreshBefore = "soon" }));

        var line = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning).Message;
        Assert.StartsWith($"Credential {Objects.Namespace}/app-aws InvalidSpec: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidSpec: InvalidSpec", line, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(line, CredentialReasons.InvalidSpec));
    }

    [Fact]
    public async Task FailedRefresh_IsLoggedWithReadysReasonAndTheFailuresOnce()
    {
        _cluster.Add(OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(-5), expiresAt: s_now.AddMinutes(20)));
        _exchange.Failure = s_stsDown;

        await ReconcileAsync(Credential());

        var line = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning).Message;
        Assert.StartsWith($"Credential {Objects.Namespace}/app-aws RefreshFailed (ExchangeFailed): {s_stsDown.Message} (failure 1, retry in ", line, StringComparison.Ordinal);
    }

    // ---- the ServiceAccount is gone ----

    private static readonly Dictionary<string, (Func<V1Secret?> Secret, string Ready, string Reason, DateTimeOffset? ExpiresAt, TimeSpan Requeue)> s_noServiceAccount = new()
    {
        ["valid Secret: still reported, Ready True"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50)),
            "True", CredentialReasons.RefreshFailed, s_now.AddMinutes(50), s_firstRetry),
        ["valid Secret 30 s from expiry: retried after the floor"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(-5), expiresAt: s_now.AddSeconds(30)),
            "True", CredentialReasons.RefreshFailed, s_now.AddSeconds(30), TimeSpan.FromSeconds(10)),
        ["expired Secret: Ready False Expired"] = (
            () => OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(-21), expiresAt: s_now.AddMinutes(-1)),
            "False", CredentialReasons.Expired, s_now.AddMinutes(-1), s_firstRetry),
        ["edited Secret: not vouched for"] = (
            () => Edited(OwnedSecret(Credential(), refreshAt: s_now.AddMinutes(30), expiresAt: s_now.AddMinutes(50))),
            "False", CredentialReasons.ServiceAccountNotFound, null, s_firstRetry),
        ["no Secret"] = (
            () => null,
            "False", CredentialReasons.ServiceAccountNotFound, null, s_firstRetry),
    };

    public static TheoryData<string> NoServiceAccountCases => [.. s_noServiceAccount.Keys];

    [Theory]
    [MemberData(nameof(NoServiceAccountCases))]
    public async Task ServiceAccountNotFound_KeepsReportingAValidSecretUntilItExpires(string situation)
    {
        var (arrange, ready, reason, expiresAt, requeue) = s_noServiceAccount[situation];
        var existing = arrange();
        if (existing is not null)
        {
            _cluster.Add(existing);
        }

        _cluster.ServiceAccount = null;

        var result = await ReconcileAsync(Credential());

        Assert.Equal(requeue, result.RequeueAfter);
        Assert.Empty(_exchange.Calls);
        Assert.Equal(["read Secret app-aws", "read ServiceAccount app", "patch status", $"event Warning {reason}"], _cluster.Calls);
        Assert.Same(existing, _cluster.Secrets.GetValueOrDefault(SecretName));
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal((ready, reason), (Ready(status).Status, Ready(status).Reason));
        var missing = ExchangeFailure.ServiceAccountNotFound("team-a", "app").Message;
        Assert.Contains(missing, Ready(status).Message, StringComparison.Ordinal);
        Assert.Equal((expiresAt, 1, s_now + requeue), (status.ExpiresAt, status.Failures, status.RefreshAt));
        Assert.Equal((EventRecorder.Warning, reason, missing), Assert.Single(_cluster.Events));
    }

    // ---- consent of the ServiceAccount (docs/security.md) ----

    private static readonly Dictionary<string, string?> s_refusingAnnotations = new()
    {
        ["no annotation: a tenant borrows an account that never agreed"] = null,
        ["the annotation names other credentials only"] = "ci-token, app-aws-2",
        ["a name that only contains ours"] = "app-aws-old",
        ["empty"] = "",
    };

    public static TheoryData<string> RefusingAnnotationCases => [.. s_refusingAnnotations.Keys];

    [Theory]
    [MemberData(nameof(RefusingAnnotationCases))]
    public async Task ServiceAccountWithoutConsent_NotPermitted_WithoutAnyExchange(string situation)
    {
        _cluster.ServiceAccount = WithConsent(s_refusingAnnotations[situation]);

        var result = await ReconcileAsync(Credential());

        Assert.Empty(_exchange.Calls);
        Assert.Empty(_cluster.Secrets);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("False", CredentialReasons.NotPermitted), (Ready(status).Status, Ready(status).Reason));
        Assert.Contains(ServiceAccountConsent.Annotation, Ready(status).Message, StringComparison.Ordinal);
        Assert.Equal(DelegatedCredentialReconciler.SecretConflictRecheck, result.RequeueAfter);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("app-aws")]
    [InlineData("ci-token , app-aws")]
    public async Task ServiceAccountConsenting_IsIssued(string allowed)
    {
        _cluster.ServiceAccount = WithConsent(allowed);

        await ReconcileAsync(Credential());

        Assert.Single(_exchange.Calls);
        Assert.Equal(CredentialReasons.Issued, Ready(_cluster.Statuses[^1]).Reason);
    }

    [Fact]
    public async Task ConsentRevoked_StopsRefreshing_ReadyFalseAtOnce_TheSecretKeepsItsLastCredential()
    {
        var credential = Credential();
        var expiresAt = s_now.AddMinutes(10);
        var secret = OwnedSecret(credential, refreshAt: s_now.AddMinutes(-1), expiresAt: expiresAt);
        _cluster.Add(secret);
        _cluster.ServiceAccount = WithConsent(null);

        await ReconcileAsync(credential);

        Assert.Empty(_exchange.Calls);
        Assert.Same(secret, _cluster.Secrets[SecretName]);
        var status = Assert.Single(_cluster.Statuses);
        Assert.Equal(("False", CredentialReasons.NotPermitted), (Ready(status).Status, Ready(status).Reason));
        Assert.Contains("keeps its last credential", Ready(status).Message, StringComparison.Ordinal);
        Assert.Equal(expiresAt, status.ExpiresAt);
    }

    [Fact]
    public async Task ConsentNotRequired_ByTheOperatorsOption_IsIssued()
    {
        _cluster.ServiceAccount = WithConsent(null);
        var planner = new CredentialPlanner([new AwsIdentityProvider(null!, allowIdentityOverride: false)], [new AwsCredentialsTarget()],
            new ServiceAccountConsent(required: false));
        var credential = Credential();
        _cluster.Credentials[credential.Metadata.Name] = credential;

        await NewReconciler(planner).ReconcileAsync(ObjectKey.Of(credential), credential, TestContext.Current.CancellationToken);

        Assert.Single(_exchange.Calls);
    }

    private static V1ServiceAccount WithConsent(string? allowed)
    {
        var account = Objects.ServiceAccount();
        account.Metadata.Annotations.Remove(ServiceAccountConsent.Annotation);
        if (allowed is not null)
        {
            account.Metadata.Annotations[ServiceAccountConsent.Annotation] = allowed;
        }

        return account;
    }

    // ---- faults (docs/behaviour.md §3) ----

    [Fact]
    public async Task SecretWriteFails_TheExchangedCredentialIsWrittenOnTheShortRetry_WithoutASecondExchange()
    {
        var credential = Credential();
        _cluster.NextWriteFailure = new HttpOperationException("500 Internal Server Error");

        var failed = await ReconcileAsync(credential);

        Assert.Equal(TimeSpan.FromSeconds(0.5), failed.RequeueAfter);
        Assert.Empty(_cluster.Secrets);
        _time.Advance(failed.RequeueAfter!.Value);
        var retried = await ReconcileAsync(credential);

        Assert.Single(_exchange.Calls);
        Assert.Equal(FakeCredentialExchange.FreshValue, SecretValue(_cluster.Secrets[SecretName]));
        Assert.Equal(0, _pending.Count);
        Assert.Equal(CredentialReasons.Issued, Ready(_cluster.Statuses.Last()).Reason);
        // Refreshed two thirds into what is left of the held credential's life (it was issued half a second earlier).
        Assert.InRange(retried.RequeueAfter!.Value, s_refreshAfterIssue - TimeSpan.FromSeconds(0.5), s_refreshAfterIssue);
    }

    [Fact]
    public async Task StatusPatchFailsAfterTheWrite_TheRetryKeepsTheWrittenCredential_WithoutASecondExchange()
    {
        var credential = Credential();
        _cluster.NextStatusFailure = new HttpOperationException("500 Internal Server Error");

        var failed = await ReconcileAsync(credential);
        var written = _cluster.Secrets[SecretName];
        _time.Advance(failed.RequeueAfter!.Value);
        await ReconcileAsync(credential);

        Assert.Single(_exchange.Calls);
        Assert.Same(written, _cluster.Secrets[SecretName]);
        Assert.Equal(("True", CredentialReasons.Issued), (Ready(_cluster.Statuses.Last()).Status, Ready(_cluster.Statuses.Last()).Reason));
    }

    [Fact]
    public async Task ApiErrors_BackOffOnTheirOwnShortSchedule_NeverPastTheCredentialsDeadline()
    {
        var credential = Credential();
        credential.Status = new DelegatedCredentialStatus { RefreshAt = s_now.AddSeconds(0.2), ExpiresAt = s_now.AddMinutes(5) };
        var delays = new List<TimeSpan?>();

        for (var i = 0; i < 3; i++)
        {
            _cluster.NextWriteFailure = new HttpOperationException("429 Too Many Requests");
            delays.Add((await ReconcileAsync(credential)).RequeueAfter);
        }

        Assert.Equal([TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.2)], delays);
        Assert.Single(_exchange.Calls);
    }

    [Fact]
    public async Task ApiErrors_DoubleFromHalfASecond_AndAreForgottenAfterASuccess()
    {
        var credential = Credential();
        var delays = new List<TimeSpan?>();
        for (var i = 0; i < 7; i++)
        {
            _cluster.NextWriteFailure = new HttpOperationException("503 Service Unavailable");
            delays.Add((await ReconcileAsync(credential)).RequeueAfter);
        }

        await ReconcileAsync(credential);
        _cluster.Secrets.Clear();
        _cluster.NextWriteFailure = new HttpOperationException("503 Service Unavailable");
        var afterSuccess = (await ReconcileAsync(credential)).RequeueAfter;

        Assert.Equal([0.5, 1, 2, 4, 8, 15, 15], delays.Select(d => d!.Value.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(0.5), afterSuccess);
    }

    [Fact]
    public async Task DeletedWhileCutOff_FirstIssueCostsNoExchange()
    {
        var credential = Credential();

        var result = await NewReconciler().ReconcileAsync(ObjectKey.Of(credential), credential, TestContext.Current.CancellationToken);

        Assert.Equal(ReconcileResult.Done, result);
        Assert.Empty(_exchange.Calls);
        Assert.Empty(_cluster.Secrets);
        Assert.Contains("read DelegatedCredential app-aws", _cluster.Calls);
    }

    [Theory]
    [InlineData("re-created under the same name (another UID)")]
    [InlineData("edited (a newer generation)")]
    public async Task ChangedWhileCutOff_FirstIssueWaitsForTheNews_WithoutAnExchange(string situation)
    {
        var credential = Credential();
        var fresh = situation.StartsWith("re-created", StringComparison.Ordinal) ? Credential() : Credential(generation: 2);
        fresh.Metadata.Uid = situation.StartsWith("re-created", StringComparison.Ordinal) ? "uid-2" : credential.Metadata.Uid;
        _cluster.Credentials[SecretName] = fresh;

        var result = await NewReconciler().ReconcileAsync(ObjectKey.Of(credential), credential, TestContext.Current.CancellationToken);

        Assert.Equal(ReconcileResult.Done, result);
        Assert.Empty(_exchange.Calls);
    }

    [Fact]
    public async Task Refresh_NeverReadsTheObjectAgain()
    {
        var credential = Credential();
        _cluster.Add(OwnedSecret(credential, refreshAt: s_now, expiresAt: s_now.AddMinutes(20)));

        await ReconcileAsync(credential);

        Assert.DoesNotContain("read DelegatedCredential app-aws", _cluster.Calls);
        Assert.Single(_exchange.Calls);
    }

    [Fact]
    public async Task TinyGrantedLifetime_IsReportedAndRefreshedNoSoonerThanTheFloor()
    {
        _exchange.Lifetime = TimeSpan.FromMilliseconds(500);

        var result = await ReconcileAsync(Credential());

        Assert.Equal(s_policy.MinRefreshInterval, result.RequeueAfter);
        Assert.Contains("The issuer granted 0.5s, below the 60s a credential should live", Ready(_cluster.Statuses.Last()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeldByAnOpenBreaker_ComesBackWhenItsProbeSucceeds_NotOnItsRetryTime()
    {
        const string sts = "cloud:sts.amazonaws.com";
        var credential = Credential();
        _exchange.Failure = s_stsDown with { HeldByBreaker = sts, RetryAfter = TimeSpan.FromSeconds(20) };
        var failed = await ReconcileAsync(credential);
        credential.Status = _cluster.Statuses[^1];
        _exchange.Failure = null;

        await ReconcileAsync(credential);
        var callsWhileHeld = _exchange.Calls.Count;
        var breaker = _breakers.For(sts);
        for (var i = 0; i < EndpointBreaker.FailureThreshold; i++)
        {
            breaker.Failed(null);
        }

        _time.Advance(s_policy.Floor);
        Assert.True(breaker.TryAdmit().Admitted);
        breaker.Succeeded();
        var released = await ReconcileAsync(credential);

        Assert.Equal(TimeSpan.FromSeconds(20), failed.RequeueAfter);
        Assert.Equal(1, callsWhileHeld);
        Assert.Equal(2, _exchange.Calls.Count);
        Assert.Equal(CredentialReasons.Issued, Ready(_cluster.Statuses[^1]).Reason);
        Assert.Equal(s_refreshAfterIssue, released.RequeueAfter);
    }

    // ---- spec.secret: a plain Secret only ----

    public static TheoryData<bool> SuspendedOrNot => [false, true];

    /// <summary>
    /// A tenant's object an API server without CEL admitted (or one created before the type was restricted): a Secret of
    /// type service-account-token that Kubernetes fills with a long-lived token, suspended so the operator never
    /// overwrites it. It is InvalidSpec naming the fields, with no exchange, and the Secret is neither written nor deleted.
    /// </summary>
    [Theory]
    [MemberData(nameof(SuspendedOrNot))]
    public async Task SecretOfTypeServiceAccountToken_IsInvalidSpec_AndTheSecretIsLeftAsItIs(bool suspended)
    {
        var credential = Credential(s => s with
        {
            Suspend = suspended,
            Secret = new SecretSpec
            {
                Type = "kubernetes.io/service-account-token",
                Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = "default" },
            },
        });
        var existing = OwnedSecret(credential, s_now.AddMinutes(30), s_now.AddMinutes(50), specHash: "issued-before");
        _cluster.Secrets[SecretName] = existing;

        await ReconcileAsync(credential);

        Assert.DoesNotContain(_cluster.Calls, IsSecretWrite);
        Assert.Same(existing, _cluster.Secrets[SecretName]);
        Assert.Empty(_exchange.Calls);
        var ready = Ready(Assert.Single(_cluster.Statuses));
        Assert.Equal(("False", CredentialReasons.InvalidSpec), (ready.Status, ready.Reason));
        Assert.Contains("spec.secret.type", ready.Message, StringComparison.Ordinal);
        Assert.Contains("spec.secret.annotations", ready.Message, StringComparison.Ordinal);
    }

    // ---- helpers ----

    private DelegatedCredentialReconciler NewReconciler(CredentialPlanner? planner = null) => new(
        _cluster, planner ?? s_planner, _exchange, _pending, _wakeups, _clusterErrors, s_policy, new CredentialMetrics(_services.GetRequiredService<IMeterFactory>()),
        _events, new FixedRandom(0), _time, _logger);

    private Task<ReconcileResult> ReconcileAsync(DelegatedCredential credential)
    {
        // The API server has the object as the informer delivered it (tests of a stale cache call the reconciler directly).
        _cluster.Credentials[credential.Metadata.Name] = credential;
        return NewReconciler().ReconcileAsync(ObjectKey.Of(credential), credential, TestContext.Current.CancellationToken);
    }

    private static DelegatedCredential Credential(Func<DelegatedCredentialSpec, DelegatedCredentialSpec>? spec = null, long generation = 1)
    {
        var credential = Objects.Credential(generation: generation);
        credential.Spec = spec?.Invoke(credential.Spec) ?? credential.Spec;
        return credential;
    }

    private static string SpecHashOf(DelegatedCredential credential) =>
        s_planner.Plan(credential, Objects.ServiceAccount()).Value!.SpecHash;

    /// <summary>A Secret as this operator wrote it for <paramref name="credential"/> (a one-hour credential whose secret value is "old").</summary>
    private static V1Secret OwnedSecret(DelegatedCredential credential, DateTimeOffset refreshAt, DateTimeOffset expiresAt, string? specHash = null)
    {
        var secret = DesiredSecret.Build(credential, Objects.Issued(expiresAt, "old"), specHash ?? SpecHashOf(credential), expiresAt - s_lifetime, refreshAt);
        secret.Metadata.Uid = "secret-uid";
        secret.Metadata.ResourceVersion = "7";
        return secret;
    }

    private static V1Secret Edited(V1Secret secret)
    {
        secret.Data["AWS_SECRET_ACCESS_KEY"] = Encoding.UTF8.GetBytes("edited by hand");
        return secret;
    }

    private static V1Secret WithoutMarks(V1Secret secret)
    {
        secret.Metadata.Annotations.Remove(ManagedSecret.SpecHashAnnotation);
        return secret;
    }

    private static V1OwnerReference OwnerReference(string uid, bool controller) => new()
    {
        ApiVersion = DelegatedCredential.GroupVersion,
        Kind = DelegatedCredential.EntityKind,
        Name = "app-aws",
        Uid = uid,
        Controller = controller,
    };

    private static string SecretValue(V1Secret secret) => Encoding.UTF8.GetString(secret.Data["AWS_SECRET_ACCESS_KEY"]);

    private static bool IsSecretWrite(string call) => call.EndsWith(" Secret app-aws", StringComparison.Ordinal) && !call.StartsWith("read ", StringComparison.Ordinal);

    private static V1Condition Ready(DelegatedCredentialStatus status) => CredentialStatus.ReadyOf(status)!;
}
