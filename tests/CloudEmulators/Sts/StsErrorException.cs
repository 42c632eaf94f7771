namespace Operator.Testing.Clouds.Sts;

/// <summary>Carries an <see cref="StsError"/> out of deep validation code to the request dispatcher.</summary>
internal sealed class StsErrorException(StsError error) : Exception($"{error.Code}: {error.Message}")
{
    public StsError Error { get; } = error;
}
