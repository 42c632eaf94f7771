using Microsoft.Extensions.Options;
using Operator.Runtime;

namespace Operator.Hosting;

/// <summary>Rejects a configuration the operator cannot run with, at start rather than at first use.</summary>
internal sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var errors = new List<string>();
        if (options.Workers is < 1 or > 256)
        {
            errors.Add($"Operator:Workers must be between 1 and 256 (got {options.Workers}).");
        }

        if (options.Http.Port is < 0 or > 65535 || options.Http.HealthPort is < 0 or > 65535)
        {
            errors.Add($"Operator:Http:Port and Operator:Http:HealthPort must be between 0 and 65535 (got {options.Http.Port}, {options.Http.HealthPort}).");
        }

        if (!System.Net.IPAddress.TryParse(options.Http.BindAddress, out _))
        {
            errors.Add($"Operator:Http:BindAddress '{options.Http.BindAddress}' is not an IP address.");
        }

        if (options.Namespaces.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Operator:Namespaces must not contain empty names.");
        }

        if (options.Namespaces.Count > 1)
        {
            errors.Add("Operator:Namespaces: this build watches every namespace (empty) or exactly one; " +
                "run one operator deployment per namespace to cover several.");
        }

        ValidateLeaderElection(options.LeaderElection, errors);

        if (options.Kubernetes.InCluster && options.Kubernetes.Kubeconfig is not null)
        {
            errors.Add("Operator:Kubernetes:InCluster and Operator:Kubernetes:Kubeconfig are exclusive; choose one.");
        }

        if (options.Aws.StsEndpoint is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            errors.Add("Operator:Aws:StsEndpoint must be an absolute http(s) URL.");
        }

        if (options.TrustedCaBundleFile is { } ca && !File.Exists(ca))
        {
            errors.Add($"Operator:TrustedCaBundleFile '{ca}' does not exist.");
        }

        if (options.ExchangeRate.PerSecond <= 0 || options.ExchangeRate.Burst < 1)
        {
            errors.Add("Operator:ExchangeRate:PerSecond must be positive and Operator:ExchangeRate:Burst at least 1.");
        }

        if (options.Targets.Timeout <= TimeSpan.Zero || options.Targets.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Operator:Targets:Timeout must be positive and at most 5 minutes (got {options.Targets.Timeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLeaderElection(LeaderElectionOptions election, List<string> errors)
    {
        if (!election.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(election.LeaseName))
        {
            errors.Add("Operator:LeaderElection:LeaseName must be set when leader election is enabled.");
        }

        // The same ordering client-go enforces: a leader must give up before its lease can be taken.
        if (!(election.LeaseDuration > election.RenewDeadline && election.RenewDeadline > election.RetryPeriod
              && election.RetryPeriod > TimeSpan.Zero))
        {
            errors.Add("Operator:LeaderElection needs LeaseDuration > RenewDeadline > RetryPeriod > 0.");
        }
    }
}
