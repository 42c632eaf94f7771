namespace Operator.Credentials;

/// <summary>Either a value or the reason there is none.</summary>
internal readonly record struct Attempt<T>(T? Value, ExchangeFailure? Failure)
    where T : class
{
    public bool Succeeded => Failure is null;

    public static implicit operator Attempt<T>(T value) => new(value, null);

    public static implicit operator Attempt<T>(ExchangeFailure failure) => new(null, failure);
}
