using Microsoft.AspNetCore.Routing;

namespace Operator.Testing.Clouds;

/// <summary>
/// One emulated cloud service: a small class that maps its routes on a <see cref="CloudHost"/>. The host runs
/// the emulator's <see cref="Faults"/> before every one of its routes.
/// </summary>
internal interface ICloudEmulator
{
    /// <summary>The fault knobs that apply to this emulator's routes only.</summary>
    CloudFaults Faults { get; }

    /// <summary>Maps the emulator's routes.</summary>
    void MapRoutes(IEndpointRouteBuilder routes);

    /// <summary>Called once the host listens, with its https base address (e.g. to compute an issuer URL).</summary>
    void OnStarted(Uri baseAddress)
    {
    }
}
