// Composition root: the operator host, configured from appsettings, OPERATOR__* environment variables and the
// command line (see the README's configuration table, or run with --help).
using Operator.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(args));
await app.RunAsync();
return 0;
