using Sandbox;

SignalShutdown.RestoreDefaultInterrupt();

// A small command dispatcher; each command lives in its own file. No command (or only options) runs the sandbox.
return args switch
{
    ["cluster", .. var rest] => await ClusterCommand.RunAsync(rest),
    [] => await SandboxCommand.RunAsync(args),
    [var first, ..] when first.StartsWith("--", StringComparison.Ordinal) && first != "--help" => await SandboxCommand.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine($"""
        usage: Sandbox [options]            (the default: emulated cluster + STS + operator + samples)
               Sandbox <command> [options]

        default options:
        {SandboxOptions.Usage}

        commands:
          cluster --kubeconfig FILE [--port N]   run the Kubernetes API emulator until Ctrl+C / SIGTERM
        """);
    return 2;
}
