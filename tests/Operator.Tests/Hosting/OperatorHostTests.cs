using Microsoft.Extensions.DependencyInjection;
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
}
