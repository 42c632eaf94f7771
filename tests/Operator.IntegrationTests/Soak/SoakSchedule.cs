using System.Globalization;

namespace Operator.IntegrationTests.Soak;

/// <summary>
/// The soak's clock. Real defaults shrink by <see cref="Shrink"/> = 15, so the operator's ExpiredCadence of 30 s
/// becomes <see cref="ExpiredCadence"/> = 2 s and every Operator:Retry option keeps its ratio to it:
/// Floor 10 s → 0.67 s, MaxDelay 5 min → 20 s, ApiErrorDelay 1 s → 0.067 s, ApiErrorMaxDelay 30 s → 2 s,
/// MinLifetime 60 s → 4 s, MinRefreshInterval 30 s → 2 s. One real minute is therefore 4 s
/// (<see cref="Minute"/> = 2 × ExpiredCadence), the "3-minute" STS outage 12 s (6 × ExpiredCadence), the
/// "30 s" recovery promise 2 s (1 × ExpiredCadence) plus the token bucket's drain time. STS grants 6 s
/// (90 real seconds, harsher than STS's real 15-minute minimum, so every credential refreshes a few times per phase).
/// <c>SOAK_SCALE</c> (default 1) multiplies the phases (chaos before, outage, chaos after), never the cadences.
/// </summary>
internal sealed record SoakSchedule(double Scale)
{
    public const double Shrink = 15;

    public static readonly TimeSpan ExpiredCadence = TimeSpan.FromSeconds(30 / Shrink);

    public static readonly TimeSpan Floor = TimeSpan.FromSeconds(10 / Shrink);

    /// <summary>One real minute on the soak's clock.</summary>
    public static readonly TimeSpan Minute = 2 * ExpiredCadence;

    /// <summary>Operator:Retry:ApiErrorMaxDelay, 30 s scaled.</summary>
    public static readonly TimeSpan ApiErrorMaxDelay = TimeSpan.FromSeconds(30 / Shrink);

    /// <summary>What STS grants (its <c>MaxGrantedLifetime</c>), and the Datadog tokens' lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);

    /// <summary>The exchange budget during an outage: STS calls per credential per (scaled) outage minute.</summary>
    public const double CallsPerCredentialPerMinute = 6;

    /// <summary>The operator's default exchange token bucket (Operator:ExchangeRate): 200/s, burst 100.</summary>
    public const double BucketRate = 200;

    public const int BucketBurst = 100;

    public TimeSpan ChaosBefore => Scaled(2 * Minute);

    /// <summary>"3 minutes": 6 × ExpiredCadence.</summary>
    public TimeSpan Outage => Scaled(3 * Minute);

    public TimeSpan ChaosAfter => Scaled(2.5 * Minute);

    /// <summary>"30 s" after STS answers again, plus the time the token bucket needs to let every credential through.</summary>
    public static TimeSpan RecoveryBound(int credentials) =>
        ExpiredCadence + TimeSpan.FromSeconds(Math.Max(0, credentials - BucketBurst) / BucketRate) + RecoveryAllowance;

    /// <summary>Beyond the bucket: a reconcile's own round trips (TokenRequest, STS, Secret, status) on a busy 2-core runner.</summary>
    public static readonly TimeSpan RecoveryAllowance = TimeSpan.FromSeconds(1);

    public static SoakSchedule FromEnvironment() =>
        new(double.TryParse(Environment.GetEnvironmentVariable("SOAK_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1);

    /// <summary>The operator's Operator:Retry options on this clock (later command-line values win over the testbed's).</summary>
    public static string[] OperatorArgs() =>
    [
        "--Operator:Retry:Floor=" + Option(Floor),
        "--Operator:Retry:ExpiredCadence=" + Option(ExpiredCadence),
        "--Operator:Retry:MaxDelay=" + Option(TimeSpan.FromSeconds(300 / Shrink)),
        "--Operator:Retry:ApiErrorDelay=" + Option(TimeSpan.FromSeconds(1 / Shrink)),
        "--Operator:Retry:ApiErrorMaxDelay=" + Option(ApiErrorMaxDelay),
        "--Operator:Retry:MinLifetime=" + Option(TimeSpan.FromSeconds(60 / Shrink)),
        "--Operator:Retry:MinRefreshInterval=" + Option(TimeSpan.FromSeconds(30 / Shrink)),
        // Fewer workers than the product's default (64) on a shared 2-core runner, more than the testbed's 2.
        "--Operator:Workers=4",
        "--Operator:Targets:Timeout=00:00:05",
    ];

    private TimeSpan Scaled(TimeSpan value) => value * Scale;

    private static string Option(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
