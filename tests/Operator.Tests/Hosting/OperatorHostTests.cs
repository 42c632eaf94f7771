using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operator.Hosting;

namespace Operator.Tests.Hosting;

public sealed class OperatorHostTests
{
    [Fact]
    public void Build_InvalidOption_FailsAtStartWithTheKeyNamed()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Workers=0"])));

        Assert.Contains("Operator:Workers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_CommandLineOptions_AreBound()
    {
        await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Operator:Workers=7", "--Operator:ReconcileTimeout=00:00:45", "--Operator:AllowIdentityOverride=true", "--Operator:Http:Port=0", "--Operator:Http:HealthPort=0", "--human-logs"]));

        var options = app.Services.GetRequiredService<IOptions<OperatorOptions>>().Value;

        Assert.Equal((7, TimeSpan.FromSeconds(45), true, LogFormat.Text),
            (options.Workers, options.ReconcileTimeout, options.AllowIdentityOverride, options.Logging.Format));
    }

    [Fact]
    public async Task Build_RefreshEvents_DefaultNone_AndBoundFromTheCommandLine()
    {
        await using var quiet = OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));
        await using var every = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Operator:Events:Refreshes=Every", "--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));

        Assert.Equal(Operator.Credentials.Reconciliation.RefreshEvents.None,
            quiet.Services.GetRequiredService<Operator.Credentials.Reconciliation.CredentialEventOptions>().Refreshes);
        Assert.Equal(Operator.Credentials.Reconciliation.RefreshEvents.Every,
            every.Services.GetRequiredService<Operator.Credentials.Reconciliation.CredentialEventOptions>().Refreshes);
    }

    [Theory]
    [InlineData("Sometimes")]
    [InlineData("7")]
    public void Build_UnknownRefreshEvents_FailsAtStartWithTheKeyNamed(string value)
    {
        // A name the binder cannot convert, or a number outside the enum (the validator): either way, the key is named.
        var error = Assert.ThrowsAny<Exception>(() =>
            OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Events:Refreshes=" + value])));

        Assert.Contains("Operator:Events:Refreshes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_HeapTrimmer_RunsByDefault_AndIsBoundFromTheCommandLine()
    {
        await using var byDefault = OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));
        await using var off = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Operator:HeapTrim:Enabled=false", "--Operator:HeapTrim:Interval=00:01:00", "--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));

        Assert.NotNull(byDefault.Services.GetService<Operator.Runtime.Hosting.HeapTrimmer>());
        Assert.True(byDefault.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.HeapTrim.Enabled);
        var options = off.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.HeapTrim;
        Assert.Equal((false, TimeSpan.FromMinutes(1)), (options.Enabled, options.Interval));
    }

    [Fact]
    public void Build_HeapTrimIntervalUnderASecond_FailsAtStartWithTheKeyNamed()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:HeapTrim:Interval=00:00:00.1"])));

        Assert.Contains("Operator:HeapTrim:Interval must be at least 1 second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BadHostPolicyEntry_FailsAtStartWithTheKeyNamed()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:HostPolicy:AllowedHosts:0=127.0.0.1", "--Operator:HostPolicy:AllowedHosts:1=10.0.0.0/33"])));

        Assert.Contains("Operator:HostPolicy:AllowedHosts:1 '10.0.0.0/33'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_HostPolicyFromTheCommandLine_IsBoundAndRegistered()
    {
        await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Operator:HostPolicy:AllowedHosts:0=127.0.0.1", "--Operator:HostPolicy:ClusterCidrs:0=10.96.0.0/12",
                "--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));

        var policy = app.Services.GetRequiredService<Operator.Credentials.CloudHttp.HostPolicy>();

        Assert.Null(policy.RefuseAddress(System.Net.IPAddress.Loopback, 443));
        Assert.StartsWith("inside the cluster CIDR", policy.RefuseAddress(System.Net.IPAddress.Parse("10.96.0.1"), 443), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "json")]
    [InlineData(new[] { "--human-logs" }, "simple")]
    public async Task Build_LogFormat_JsonUnlessHumanLogsAsked(string[] flags, string formatter)
    {
        await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0", .. flags]));

        var console = app.Services.GetRequiredService<IOptionsMonitor<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(formatter, console.FormatterName);
    }

    [Theory]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    [InlineData("System.Net.Http.HttpClient.gcp.ClientHandler")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    public async Task Build_HttpClientAndRequestLogging_AtWarningUnlessAsked(string category)
    {
        await using var quiet = OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));
        await using var asked = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0", "--Logging:LogLevel:System.Net.Http.HttpClient=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Information"]));

        var logger = quiet.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        var askedLogger = asked.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.Equal((false, true, true), (logger.IsEnabled(LogLevel.Information), logger.IsEnabled(LogLevel.Warning), askedLogger.IsEnabled(LogLevel.Information)));
    }

    [Fact]
    public async Task Build_OperatorsOwnCategories_StayAtInformation()
    {
        await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]));

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Operator.Runtime.Controller").IsEnabled(LogLevel.Information));
    }
}
