// Composition root: the operator host, configured from appsettings, OPERATOR__* environment variables and the
// command line (see the README's configuration table, or run with --help).
using Microsoft.Extensions.Options;
using Operator.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

WebApplication app;
try
{
    app = OperatorHost.Build(OperatorHost.CreateBuilder(args));
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or ArgumentException)
{
    return ConfigurationError(ex);
}

try
{
    // The kubeconfig, the API server, the CRD and RBAC, before anything runs (Hosting/StartupCheck.cs).
    await StartupCheck.RunAsync(app.Services, app.Services.GetRequiredService<IOptions<OperatorOptions>>().Value);
}
catch (StartupFailure ex)
{
    await app.DisposeAsync();
    return ConfigurationError(ex);
}

// Options were bound and validated once, in Build; anything escaping RunAsync is a bug and keeps its stack trace.
await using (app)
{
    await app.RunAsync();
}

return 0;

// Configuration a person can fix: say what, without a stack trace.
static int ConfigurationError(Exception ex)
{
    Console.Error.WriteLine($"operator: {ex.Message}");
    return 2;
}
