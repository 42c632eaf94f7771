namespace Operator.Hosting;

internal sealed class HttpEndpointOptions
{
    /// <summary>Port for <c>/metrics</c> (and the probes); 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>A second port for <c>/healthz</c> and <c>/readyz</c> (the manifests probe it); same as Port for one listener.</summary>
    public int HealthPort { get; set; } = 8081;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Who may read <c>/metrics</c> (every credential's name and expiry, docs/security.md). <see cref="MetricsAuth.Kubernetes"/>
    /// (the default): HTTPS on <see cref="Port"/>, a bearer token checked by TokenReview, and <c>get</c> on the non-resource
    /// URL <c>/metrics</c> checked by SubjectAccessReview. <see cref="MetricsAuth.None"/>: plain HTTP, open to whoever reaches the port.
    /// </summary>
    public MetricsAuth MetricsAuth { get; set; } = MetricsAuth.Kubernetes;

    /// <summary>PEM certificate (chain) and key for the metrics listener; a self-signed one is made at start when unset.</summary>
    public string? MetricsCertFile { get; set; }

    public string? MetricsKeyFile { get; set; }
}
