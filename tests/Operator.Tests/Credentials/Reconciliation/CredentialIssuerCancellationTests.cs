using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Targets;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>
/// An exchange cancelled while it waits for its rate-limit turn gives back the probe its breakers admitted: otherwise a
/// half-open breaker would refuse every caller until its two-minute probe timeout, for a probe that was never sent.
/// </summary>
public sealed class CredentialIssuerCancellationTests : IDisposable
{
    private static readonly TimeSpan s_firstOpen = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddHttpClient().BuildServiceProvider();
    private readonly ExchangeRateLimiter _limiter;
    private readonly EndpointBreakers _breakers;

    public CredentialIssuerCancellationTests()
    {
        _limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 0.001 }, _time);
        _breakers = new EndpointBreakers(_time, s_firstOpen, TimeSpan.FromMinutes(1));
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task CancelledInTheRateLimitLine_HandsTheHalfOpenProbeOn()
    {
        var cloudKey = EndpointBreakers.Cloud(Request.Value.Endpoint);
        // The cloud endpoint failed with a Retry-After: its breaker opens at once, and once the open time is over the next
        // exchange is its probe.
        _breakers.For(cloudKey).Failed(TimeSpan.FromSeconds(1));
        Assert.Equal(BreakerState.Open, _breakers.For(cloudKey).State);
        _time.Advance(s_firstOpen + TimeSpan.FromSeconds(1));
        // The only token is spent, so the probe's exchange waits in the line, and is cancelled there.
        await _limiter.WaitTurnAsync(Request.Value.Endpoint, Target.Value.Name, Turn, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var issuer = new CredentialIssuer(new ServiceAccountTokens(null!), _limiter, _breakers,
            new CredentialMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            _services.GetRequiredService<IHttpClientFactory>(), _time);

        var exchange = issuer.IssueAsync(Credential, new NeverCalledProvider(), Request.Value, Target.Value, Turn, cancel.Token);
        Assert.False(exchange.IsCompleted, "the exchange waits for a token");
        Assert.Equal(BreakerState.HalfOpen, _breakers.For(cloudKey).State);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exchange);

        Assert.True(_breakers.For(cloudKey).TryAdmit().Admitted, "the next caller probes at once");
    }

    private static readonly ExchangeTurn Turn = new(ExchangeClass.Refresh, DateTimeOffset.UnixEpoch, "team-a");

    private static readonly DelegatedCredential Credential = new()
    {
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a" },
        Spec = new DelegatedCredentialSpec { ServiceAccountName = "app" },
    };

    private static readonly Lazy<IdentityRequest> Request = new(() => new FixedRequest());

    private static readonly Lazy<ICredentialTarget> Target = new(() => new NeverCalledTarget());

    private sealed record FixedRequest() : IdentityRequest("sts.amazonaws.com")
    {
        public override string Fingerprint => "fixed";

        public override string Endpoint => "sts.us-east-1.amazonaws.com";
    }

    private sealed class NeverCalledProvider : IIdentityProvider
    {
        public string Name => "aws";

        public Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount) =>
            throw new InvalidOperationException("not called");

        public Task<Attempt<CloudIdentity>> ExchangeAsync(DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token,
            CancellationToken cancellationToken) => throw new InvalidOperationException("not called");
    }

    private sealed class NeverCalledTarget : ICredentialTarget
    {
        public string Name => "awsCredentials";

        public Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not called");
    }
}
