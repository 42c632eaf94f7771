using k8s;
using k8s.Autorest;
using Operator.Api.V1Alpha1;

namespace Operator.IntegrationTests.Credentials;

/// <summary>Bad input and refusals get a clear condition, and nothing is written that should not be.</summary>
public sealed class RefusalTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    [Fact]
    public async Task MissingServiceAccount_ReadyFalseServiceAccountNotFound()
    {
        await fixture.Testbed.EnsureNamespaceAsync("refuse-nosa");
        await _cluster.CreateAsync(Cluster.Credential("refuse-nosa", "app-aws", "ghost"));

        var credential = await _cluster.ReadyAsync("refuse-nosa", "app-aws", "ServiceAccountNotFound");

        Assert.Equal("False", Cluster.Ready(credential)!.Status);
        Assert.Contains("refuse-nosa/ghost", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("refuse-nosa", "app-aws"));
    }

    [Fact]
    public async Task RoleDiffersFromTheServiceAccounts_IsRefusedAsInvalidSpec()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-role", "app", "refuse-role-app");
        fixture.Testbed.TrustRole("admin", "refuse-role", "app");
        await _cluster.CreateAsync(Cluster.Credential("refuse-role", "app-aws", "app", roleArn: "arn:aws:iam::123456789012:role/admin"));

        var credential = await _cluster.ReadyAsync("refuse-role", "app-aws", "InvalidSpec");

        Assert.Contains("differs from ServiceAccount refuse-role/app", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("refuse-role", "app-aws"));
        Assert.DoesNotContain(fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustPolicyDoesNotAdmitTheServiceAccount_IdentityDeniedWithTheStsCode()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-trust", "app", "refuse-trust-app");
        fixture.Testbed.TrustRole("refuse-trust-app", "refuse-trust", "someone-else");
        await _cluster.CreateAsync(Cluster.Credential("refuse-trust", "app-aws", "app"));

        var credential = await _cluster.ReadyAsync("refuse-trust", "app-aws", "IdentityDenied");

        Assert.Contains("AccessDenied", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.True(credential.Status!.Failures >= 1);
        var events = await Eventually.MatchAsync(() => _cluster.EventsAsync("refuse-trust", "app-aws"),
            e => e.Any(x => x.Reason == "IdentityDenied"), "an IdentityDenied event");
        Assert.Equal("Warning", events.First(e => e.Reason == "IdentityDenied").Type);
        NoSecretsLogged.Assert(fixture.Testbed);
    }

    [Fact]
    public async Task ForeignSecretOfTheSameName_IsLeftUntouched()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-foreign", "app", "refuse-foreign-app");
        var foreign = await _cluster.Client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("taken", "refuse-foreign", stringData: new Dictionary<string, string> { ["password"] = "theirs" }), "refuse-foreign");
        await _cluster.CreateAsync(Cluster.Credential("refuse-foreign", "app-aws", "app", secretName: "taken"));

        var credential = await _cluster.ReadyAsync("refuse-foreign", "app-aws", "SecretConflict");

        var after = (await _cluster.SecretAsync("refuse-foreign", "taken"))!;
        Assert.Equal(foreign.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("theirs", Cluster.Text(after, "password"));
        Assert.Equal("False", Cluster.Ready(credential)!.Status);
    }

    /// <summary>
    /// A tenant asking Kubernetes to fill the Secret with a long-lived token of the namespace's default ServiceAccount
    /// (the Secret's type and the annotation naming the ServiceAccount): the API server refuses the object, naming the field.
    /// </summary>
    [Fact]
    public async Task SecretOfTypeServiceAccountToken_IsRefusedWith422_NamingTheFields()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-satype", "app", "refuse-satype-app");
        var credential = Cluster.Credential("refuse-satype", "app-aws", "app");
        credential = credential with
        {
            Spec = credential.Spec with
            {
                Secret = new SecretSpec
                {
                    Type = "kubernetes.io/service-account-token",
                    Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = "default" },
                },
            },
        };

        // The type alone (an enum error makes the API server skip the CEL rules), then the annotation alone.
        var annotationOnly = credential with { Spec = credential.Spec with { Secret = credential.Spec.Secret! with { Type = null } } };

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.CreateAsync(credential));
        var refusedAnnotation = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.CreateAsync(annotationOnly));

        Assert.Equal((422, 422), ((int)refused.Response.StatusCode, (int)refusedAnnotation.Response.StatusCode));
        Assert.Contains("\"field\":\"spec.secret.type\"", refused.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"field\":\"spec.secret.annotations\"", refusedAnnotation.Response.Content, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("refuse-satype", "app-aws"));
    }

    [Fact]
    public async Task StsThrottling_ExchangeFailedWithTheStsCode()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("refuse-throttle", "app", "refuse-throttle-app");
        fixture.Testbed.Sts.ThrottleNext(1000);
        try
        {
            await _cluster.CreateAsync(Cluster.Credential("refuse-throttle", "app-aws", "app"));

            var credential = await _cluster.ReadyAsync("refuse-throttle", "app-aws", "ExchangeFailed");

            Assert.Contains("Throttling", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
            Assert.Null(await _cluster.SecretAsync("refuse-throttle", "app-aws"));
        }
        finally
        {
            fixture.Testbed.Sts.Faults.Clear();
        }
    }
}
