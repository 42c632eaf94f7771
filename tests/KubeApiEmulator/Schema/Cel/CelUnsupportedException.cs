namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// The rule uses CEL outside the subset this interpreter implements (or hits a type mismatch that
/// real CEL's type checker would have rejected when the CRD was created). Such rules are reported as
/// unevaluated, never as passed or failed.
/// </summary>
internal sealed class CelUnsupportedException(string message) : Exception(message);
