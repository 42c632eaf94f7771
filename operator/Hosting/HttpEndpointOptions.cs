namespace Operator.Hosting;

internal sealed class HttpEndpointOptions
{
    /// <summary>Port for <c>/metrics</c> (and the probes); 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>A second port for <c>/healthz</c> and <c>/readyz</c> (the manifests probe it); same as Port for one listener.</summary>
    public int HealthPort { get; set; } = 8081;

    public string BindAddress { get; set; } = "0.0.0.0";
}
