namespace Operator.Testing.Clouds.EksAuth;

/// <summary>Thrown inside the emulator to answer with <see cref="Error"/>.</summary>
internal sealed class EksAuthErrorException(EksAuthError error) : Exception(error.Message)
{
    public EksAuthError Error { get; } = error;
}
