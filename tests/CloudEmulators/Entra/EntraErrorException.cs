namespace Operator.Testing.Clouds.Entra;

/// <summary>Carries an <see cref="EntraError"/> out of the checks to the endpoint that writes it.</summary>
internal sealed class EntraErrorException(EntraError error) : Exception($"AADSTS{error.Code}: {error.Description}")
{
    public EntraError Error { get; } = error;
}
