namespace Operator.Benchmarks.Fleet;

/// <summary>A functional breakage (credentials never Ready, the operator exiting, no refresh at all): the run fails.</summary>
internal sealed class FleetFailure(string message) : Exception(message);
