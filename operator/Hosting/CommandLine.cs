namespace Operator.Hosting;

/// <summary>
/// The operator's few command-line flags, rewritten into ordinary configuration keys so that a flag, an
/// environment variable and appsettings.json all mean the same thing. Anything else passes through to the
/// standard command-line configuration provider (<c>--Operator:Workers=8</c>).
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: Operator [--kubeconfig FILE] [--context NAME] [--in-cluster] [--human-logs] [--Operator:KEY=VALUE ...]
          --kubeconfig FILE   kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)
          --context NAME      kubeconfig context (default its current-context)
          --in-cluster        use the pod's service account; never chosen implicitly
          --human-logs        plain-text logs instead of JSON lines
        Every option of the README's configuration table can also be set as OPERATOR__SECTION__KEY.
        """;

    public static string[] Normalize(IEnumerable<string> args)
    {
        var normalized = new List<string>();
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            switch (arg.Current)
            {
                case "--in-cluster":
                    normalized.Add("--Operator:Kubernetes:InCluster=true");
                    break;
                case "--human-logs":
                    normalized.Add("--Operator:Logging:Format=Text");
                    break;
                case "--kubeconfig" or "--context":
                    var key = arg.Current == "--kubeconfig" ? "Kubeconfig" : "Context";
                    if (!arg.MoveNext())
                    {
                        throw new ArgumentException($"{(key == "Kubeconfig" ? "--kubeconfig" : "--context")} needs a value.\n{Usage}");
                    }

                    normalized.Add($"--Operator:Kubernetes:{key}={arg.Current}");
                    break;
                default:
                    normalized.Add(arg.Current);
                    break;
            }
        }

        return [.. normalized];
    }
}
