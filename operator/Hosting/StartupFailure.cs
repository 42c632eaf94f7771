namespace Operator.Hosting;

/// <summary>
/// Something outside the operator stops it from starting (the kubeconfig, the API server, the CRD, RBAC): the message
/// names the problem and what to do in one line; <c>Program.cs</c> prints it and exits 2 without a stack trace.
/// </summary>
internal sealed class StartupFailure(string message, Exception? inner = null) : Exception(message, inner);
