using Microsoft.Extensions.Options;

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

        if (options.ReconcileTimeout < TimeSpan.FromSeconds(1) || options.ReconcileTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"Operator:ReconcileTimeout must be between 1 second and 1 hour (got {options.ReconcileTimeout}).");
        }

        if (options.Http.Port is < 0 or > 65535 || options.Http.HealthPort is < 0 or > 65535)
        {
            errors.Add($"Operator:Http:Port and Operator:Http:HealthPort must be between 0 and 65535 (got {options.Http.Port}, {options.Http.HealthPort}).");
        }

        if (options.Http.MetricsAuth == MetricsAuth.Kubernetes && options.Http.Port == options.Http.HealthPort && options.Http.Port != 0)
        {
            errors.Add("Operator:Http:Port and Operator:Http:HealthPort must differ while Operator:Http:MetricsAuth is Kubernetes: " +
                "the metrics port speaks HTTPS and asks for a token, the probes' port does not.");
        }

        if (options.Http.MetricsCertFile is { } cert && (!File.Exists(cert) || options.Http.MetricsKeyFile is not { } key || !File.Exists(key)))
        {
            errors.Add("Operator:Http:MetricsCertFile and Operator:Http:MetricsKeyFile must both name existing PEM files.");
        }

        if (!System.Net.IPAddress.TryParse(options.Http.BindAddress, out _))
        {
            errors.Add($"Operator:Http:BindAddress '{options.Http.BindAddress}' is not an IP address.");
        }

        errors.AddRange(NamespaceErrors(options.Namespaces));

        if (options.ApiServerAudiences.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Operator:ApiServerAudiences must not contain empty audiences.");
        }

        errors.AddRange(options.LeaderElection.Validate($"{OperatorOptions.Section}:LeaderElection"));
        errors.AddRange(options.Sharding.Validate($"{OperatorOptions.Section}:Sharding", options.LeaderElection));

        if (options.Kubernetes.InCluster && options.Kubernetes.Kubeconfig is not null)
        {
            errors.Add("Operator:Kubernetes:InCluster and Operator:Kubernetes:Kubeconfig are exclusive; choose one.");
        }

        if (options.Kubernetes.StartupTimeout <= TimeSpan.Zero)
        {
            errors.Add("Operator:Kubernetes:StartupTimeout must be positive.");
        }

        if (options.Aws.StsEndpoint is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            errors.Add("Operator:Aws:StsEndpoint must be an absolute http(s) URL.");
        }

        if (options.Aws.PodIdentity is { Enabled: true } pod)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(pod.ClusterName!, @"^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$"))
            {
                errors.Add("Operator:Aws:PodIdentity:ClusterName must be an EKS cluster name (1-100 of [A-Za-z0-9-_], starting alphanumeric).");
            }

            if (string.IsNullOrEmpty(pod.Region) || !System.Text.RegularExpressions.Regex.IsMatch(pod.Region, @"^[a-z]{2}(-[a-z]+)+-[0-9]+$"))
            {
                errors.Add("Operator:Aws:PodIdentity:Region must be the cluster's AWS region (e.g. eu-west-1) when ClusterName is set.");
            }

            if (pod.Endpoint is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
            {
                errors.Add("Operator:Aws:PodIdentity:Endpoint must be an absolute http(s) URL.");
            }

            if (pod.CredentialsFile is { } file && !File.Exists(file))
            {
                errors.Add($"Operator:Aws:PodIdentity:CredentialsFile '{file}' does not exist.");
            }
        }

        if (options.Azure.AuthorityHost is { IsAbsoluteUri: false } or { Scheme: not "https" })
        {
            errors.Add("Operator:Azure:AuthorityHost must be an absolute https URL.");
        }

        if (options.TrustedCaBundleFile is { } ca && !File.Exists(ca))
        {
            errors.Add($"Operator:TrustedCaBundleFile '{ca}' does not exist.");
        }

        errors.AddRange(options.ExchangeRate.Validate($"{OperatorOptions.Section}:ExchangeRate"));
        errors.AddRange(options.Retry.Validate($"{OperatorOptions.Section}:Retry"));
        errors.AddRange(options.Events.Validate($"{OperatorOptions.Section}:Events"));

        errors.AddRange(options.Targets.Validate($"{OperatorOptions.Section}:Targets"));
        errors.AddRange(options.Gcp.Validate($"{OperatorOptions.Section}:Gcp"));
        errors.AddRange(options.HostPolicy.Validate($"{OperatorOptions.Section}:HostPolicy"));
        errors.AddRange(options.HeapTrim.Validate($"{OperatorOptions.Section}:HeapTrim"));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Each entry a namespace name (a DNS-1123 label, as the API server requires), none twice.</summary>
    private static IEnumerable<string> NamespaceErrors(List<string> namespaces)
    {
        for (var i = 0; i < namespaces.Count; i++)
        {
            var ns = namespaces[i];
            if (string.IsNullOrWhiteSpace(ns))
            {
                yield return $"Operator:Namespaces:{i} must not be empty.";
            }
            else if (ns.Length > 63 || !System.Text.RegularExpressions.Regex.IsMatch(ns, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"))
            {
                yield return $"Operator:Namespaces:{i} '{ns}' is not a namespace name (a DNS-1123 label: at most 63 of [a-z0-9-], " +
                    "starting and ending alphanumeric).";
            }
            else if (namespaces.IndexOf(ns) < i)
            {
                yield return $"Operator:Namespaces:{i} '{ns}' repeats Operator:Namespaces:{namespaces.IndexOf(ns)}.";
            }
        }
    }
}
