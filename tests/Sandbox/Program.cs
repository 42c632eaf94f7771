using Sandbox;

// A small command dispatcher; each command lives in its own file.
return args switch
{
    ["cluster", .. var rest] => await ClusterCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Sandbox <command> [options]

        commands:
          cluster --kubeconfig FILE [--port N]   run the Kubernetes API emulator until Ctrl+C / SIGTERM
        """);
    return 2;
}
