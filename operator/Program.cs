// Composition root: the operator host, configured from appsettings, OPERATOR__* environment variables and the
// command line (see the README's configuration table, or run with --help).
using Microsoft.Extensions.Options;
using Operator.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

try
{
    await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(args));
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or ArgumentException)
{
    // Configuration a person can fix: say what, without a stack trace.
    Console.Error.WriteLine($"operator: {ex.Message}");
    return 2;
}
