namespace Operator.Hosting;

/// <summary>How <c>/metrics</c> is protected (<see cref="HttpEndpointOptions.MetricsAuth"/>).</summary>
internal enum MetricsAuth
{
    Kubernetes,
    None,
}
