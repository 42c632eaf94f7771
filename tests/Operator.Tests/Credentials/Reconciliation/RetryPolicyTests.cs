using Operator.Credentials.Reconciliation;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>Operator:Retry is refused at start when its schedules contradict each other; equal bounds are allowed.</summary>
public sealed class RetryPolicyTests
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    private static readonly Dictionary<string, (Action<RetryPolicy> Change, string? Error)> s_cases = new()
    {
        ["defaults"] = (_ => { }, null),
        ["equal floor, cadence and max"] = (p => { p.Floor = s_second; p.ExpiredCadence = s_second; p.MaxDelay = s_second; }, null),
        ["zero floor"] = (p => { p.Floor = TimeSpan.Zero; }, "0 < Floor"),
        ["cadence below the floor"] = (p => { p.ExpiredCadence = p.Floor - s_second; }, "Floor <= ExpiredCadence"),
        ["max below the cadence"] = (p => { p.MaxDelay = p.ExpiredCadence - s_second; }, "ExpiredCadence <= MaxDelay"),
        ["equal API error delays"] = (p => { p.ApiErrorDelay = s_second; p.ApiErrorMaxDelay = s_second; }, null),
        ["zero API error delay"] = (p => { p.ApiErrorDelay = TimeSpan.Zero; }, "0 < ApiErrorDelay"),
        ["API error max below its delay"] = (p => { p.ApiErrorMaxDelay = p.ApiErrorDelay - TimeSpan.FromMilliseconds(1); }, "ApiErrorDelay <= ApiErrorMaxDelay"),
        ["zero floors of lifetime and interval"] = (p => { p.MinLifetime = TimeSpan.Zero; p.MinRefreshInterval = TimeSpan.Zero; }, null),
        ["negative lifetime floor"] = (p => { p.MinLifetime = -s_second; }, "must not be negative"),
        ["negative refresh interval"] = (p => { p.MinRefreshInterval = -s_second; }, "must not be negative"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_NamesTheSectionAndTheBrokenRule(string situation)
    {
        var (change, error) = s_cases[situation];
        var policy = new RetryPolicy();
        change(policy);
        var errors = policy.Validate("Operator:Retry").ToList();

        if (error is null)
        {
            Assert.True(errors.Count == 0, $"{situation}: {string.Join(" ", errors)}");
            return;
        }

        var message = Assert.Single(errors);
        Assert.StartsWith("Operator:Retry", message, StringComparison.Ordinal);
        Assert.Contains(error, message, StringComparison.Ordinal);
    }
}
