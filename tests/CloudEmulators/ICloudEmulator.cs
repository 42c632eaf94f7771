using Microsoft.AspNetCore.Http;
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

    /// <summary>
    /// Sees every request to the emulator's routes before its faults apply (so a request log also counts the
    /// requests a fault answered); it may read the body if it rewinds it.
    /// </summary>
    Task OnRequestAsync(HttpContext context) => Task.CompletedTask;

    /// <summary>Called once the host listens, with its https base address (e.g. to compute an issuer URL).</summary>
    void OnStarted(Uri baseAddress)
    {
    }
}
